/** How finely the last joinTtl is counted: the cap is checked over these many slices of it (plus the current one). */
const SLICES = 16;

/**
 * The cap on a model's predictions waiting in Redis for their labels: at most `maxPending` are stored in
 * any span of `ttlMs` (wall clock, as Redis expires them). Each stored record lives at most ttlMs, so no
 * more than maxPending of the model's records exist at any moment. Counted per slice of ttlMs / 16; the
 * slice being written and the 16 before it are summed, which errs on the side of refusing.
 * The counts are the engine entry 'joins' of the model, saved with the predictions' checkpoint.
 */
export class JoinAdmission {
  readonly #maxPending: number;
  readonly #sliceMs: number;
  /** Slice index → records stored in it. */
  #counts = new Map<number, number>();
  refused = 0;

  constructor(ttlMs: number, maxPending: number) {
    this.#maxPending = maxPending;
    this.#sliceMs = Math.max(1, Math.ceil(ttlMs / SLICES));
  }

  /** Records counted as possibly still in Redis at `now`. */
  pending(now: number): number {
    const slice = Math.floor(now / this.#sliceMs);
    let total = 0;
    for (const [at, n] of this.#counts) {
      if (at < slice - SLICES) this.#counts.delete(at);
      else total += n;
    }
    return total;
  }

  /** Counts a record about to be stored at `now`, or refuses it (false) when the cap is reached. */
  admit(now: number): boolean {
    if (this.pending(now) >= this.#maxPending) {
      this.refused++;
      return false;
    }
    const slice = Math.floor(now / this.#sliceMs);
    this.#counts.set(slice, (this.#counts.get(slice) ?? 0) + 1);
    return true;
  }

  toBytes(): Buffer {
    return Buffer.from(JSON.stringify({ sliceMs: this.#sliceMs, counts: [...this.#counts], refused: this.refused }));
  }

  static fromBytes(bytes: Uint8Array, ttlMs: number, maxPending: number): JoinAdmission {
    const a = new JoinAdmission(ttlMs, maxPending);
    const saved = JSON.parse(Buffer.from(bytes).toString('utf8')) as { sliceMs: number; counts: [number, number][]; refused: number };
    // Saved with another joinTtl: the slices do not line up, so each saved count goes to the slice holding its end.
    for (const [at, n] of saved.counts) {
      const slice = Math.floor(((at + 1) * saved.sliceMs - 1) / a.#sliceMs);
      a.#counts.set(slice, (a.#counts.get(slice) ?? 0) + n);
    }
    a.refused = saved.refused;
    return a;
  }
}
