import { InvalidOptionError, requireInteger } from '../common/validation.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';

export interface PersistenceOptions {
  /** Breaches needed among the last n windows. */
  k?: number;
  /** Windows remembered (at most 32). */
  n?: number;
}

/**
 * k-of-n persistence: fires when at least k of the last n windows breached. Put it behind
 * per-window threshold checks (PSI, KS p-value, quality shares); not behind Cusum or PageHinkley,
 * which already accumulate evidence and signal a change once.
 */
export class Persistence {
  static readonly defaults = {
    // 2 of 3: one noisy window never pages, a real shift pages one window late, and a single
    // clean window inside a bad stretch does not resolve the alert. With independent windows each
    // breaching with probability p, it fires with probability ≈ 3p² (p = 0.01 → 3 × 10⁻⁴).
    k: 2,
    n: 3,
  };

  readonly k: number;
  readonly n: number;
  /** Bit i set when the window i steps back breached (bit 0 = newest). */
  private bits = 0;

  constructor(options: PersistenceOptions = {}) {
    const o = { ...Persistence.defaults, ...options };
    requireInteger('Persistence', 'n', o.n, 1, 32);
    requireInteger('Persistence', 'k', o.k, 1);
    if (o.k > o.n) throw new InvalidOptionError('Persistence', 'k', o.k, `≤ n (${o.n})`);
    this.k = o.k;
    this.n = o.n;
  }

  /** Record whether the newest window breached; returns whether the alarm fires now. */
  update(breached: boolean): boolean {
    const mask = this.n === 32 ? 0xffffffff : (1 << this.n) - 1;
    this.bits = ((this.bits << 1) | (breached ? 1 : 0)) & mask;
    this.bits >>>= 0;
    return this.firing;
  }

  /** Breaches among the last n windows. */
  get breaches(): number {
    let count = 0;
    for (let b = this.bits; b !== 0; b >>>= 1) count += b & 1;
    return count;
  }

  get firing(): boolean {
    return this.breaches >= this.k;
  }

  reset(): void {
    this.bits = 0;
  }

  toBytes(): Uint8Array {
    return new StateWriter('alarms.persistence', 1).u8(this.k).u8(this.n).uvarint(this.bits).finish();
  }

  static fromBytes(bytes: Uint8Array): Persistence {
    const r = new StateReader(bytes, 'alarms.persistence', 1);
    const persistence = new Persistence({ k: r.u8(), n: r.u8() });
    persistence.bits = r.uvarint();
    r.end();
    return persistence;
  }
}
