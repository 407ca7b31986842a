import type { Finding, WindowBounds } from '../finding.ts';
import { formatNumber } from '../common/format.ts';
import { type TrendDirection, readSeriesIdentity, requireDirection, signalled, writeSeriesIdentity } from '../common/series.ts';
import { StateReader, StateWriter } from '../common/stateCodec.ts';
import { InvalidOptionError, requireFinite, requireInteger } from '../common/validation.ts';
import type { SeriesDetector } from '../series/seriesDetector.ts';

export interface AdwinOptions {
  /** Confidence of the cut test (River: delta). */
  delta?: number;
  /** Check for a change every `clock` values (River: clock). */
  clock?: number;
  /** Buckets of each size kept before two are merged (River: max_buckets). */
  maxBuckets?: number;
  /** Fewest values on either side of a cut (River: min_window_length). */
  minWindowLength?: number;
  /** Values the window holds before any check (River: grace_period). */
  gracePeriod?: number;
  /**
   * Which detected changes alarm: 'rise' when the kept (recent) window's mean is above the dropped
   * part's, 'decline' when below, 'both' for either (River's ADWIN). The window evolves as River's either way.
   */
  direction?: TrendDirection;
  series?: string;
  feature?: string;
}

/** One exponential-histogram level: up to maxBuckets + 1 buckets of 2^level values each, oldest first. */
interface Level {
  totals: number[];
  variances: number[];
}

/** The cut a check reported: the one that fired, or the closest to firing. */
interface Cut {
  shift: number;
  epsilon: number;
}

/**
 * ADWIN (Bifet & Gavaldà 2007) exactly as River 0.26.1's river.drift.ADWIN: the same exponential
 * histogram (state O(maxBuckets · log n)), the same cut test, clock and grace period, and the same
 * operation order, so widths and estimates agree with River's to the last bit in practice. As River
 * does, the update after a detection starts again from an empty window.
 */
export class Adwin implements SeriesDetector {
  /** The kind its state bytes name. */
  static readonly kind = 'trend.adwin';

  /** River's defaults. */
  static readonly defaults = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10, direction: 'both' as TrendDirection, series: 'metric' };

  readonly delta: number;
  readonly clock: number;
  readonly maxBuckets: number;
  readonly minWindowLength: number;
  readonly gracePeriod: number;
  readonly direction: TrendDirection;
  readonly series: string;
  readonly feature: string | undefined;

  private levels: Level[] = [{ totals: [], variances: [] }];
  private total = 0;
  private varianceSum = 0;
  private windowWidth = 0;
  private tick = 0;
  private detected = false;
  private droppedTotal = 0;
  private droppedWidth = 0;
  private checked = false;
  private lastCut: Cut = { shift: 0, epsilon: 0 };

  constructor(options: AdwinOptions = {}) {
    const o = { ...Adwin.defaults, ...options };
    if (!(o.delta > 0 && o.delta < 1)) throw new InvalidOptionError('Adwin', 'delta', o.delta, 'in (0, 1)');
    requireInteger('Adwin', 'clock', o.clock, 1);
    requireInteger('Adwin', 'maxBuckets', o.maxBuckets, 1);
    requireInteger('Adwin', 'minWindowLength', o.minWindowLength, 1);
    requireInteger('Adwin', 'gracePeriod', o.gracePeriod, 0);
    requireDirection('Adwin', o.direction);
    this.delta = o.delta;
    this.clock = o.clock;
    this.maxBuckets = o.maxBuckets;
    this.minWindowLength = o.minWindowLength;
    this.gracePeriod = o.gracePeriod;
    this.direction = o.direction;
    this.series = o.series;
    this.feature = options.feature;
  }

  get kind(): typeof Adwin.kind {
    return Adwin.kind;
  }

  update(x: number): void {
    requireFinite('Adwin', x);
    if (this.detected) this.reset();
    this.insert(x);
    this.detected = this.detectChange();
  }

  /** River's drift_detected, filtered by direction. */
  get alarm(): boolean {
    return this.detected && signalled(this.direction, this.movement === 'rise', this.movement === 'decline');
  }

  /** River's drift_detected: a cut was made by the last update, whichever way the mean moved. */
  get driftDetected(): boolean {
    return this.detected;
  }

  /** Values in the window (River: width). */
  get width(): number {
    return this.windowWidth;
  }

  /** Mean of the window (River: estimation); 0 when empty. */
  get estimation(): number {
    return this.windowWidth === 0 ? 0 : this.total / this.windowWidth;
  }

  /** How the kept window's mean compares with the part a detection dropped. */
  private get movement(): 'rise' | 'decline' | 'none' {
    if (!this.detected || this.droppedWidth === 0) return 'none';
    const dropped = this.droppedTotal / this.droppedWidth;
    return this.estimation > dropped ? 'rise' : this.estimation < dropped ? 'decline' : 'none';
  }

  evaluate(window: WindowBounds): Finding[] {
    if (!this.checked) return [];
    const alarm = this.alarm;
    const { shift, epsilon } = this.lastCut;
    const summary = this.detected
      ? `${this.series} changed (${this.movement === 'none' ? 'no net movement' : this.movement}): ADWIN dropped its ${this.droppedWidth} oldest windows (mean ${formatNumber(this.droppedTotal / this.droppedWidth)}); the last ${this.windowWidth} average ${formatNumber(this.estimation)}${alarm ? '' : `, not the alarming direction (${this.direction})`}.`
      : `${this.series} ADWIN finds no change: the largest split of its ${this.windowWidth} windows differs by ${formatNumber(shift)}, within the bound ${formatNumber(epsilon)}.`;
    return [
      {
        detector: 'trend.adwin',
        ...(this.feature === undefined ? {} : { feature: this.feature }),
        metric: `${this.series}_adwin_shift`,
        value: shift,
        threshold: epsilon,
        severity: alarm ? 'warning' : 'none',
        window,
        summary,
        details: { width: this.windowWidth, estimation: this.estimation, droppedWidth: this.droppedWidth, movement: this.movement, delta: this.delta, direction: this.direction },
      },
    ];
  }

  reset(): void {
    this.levels = [{ totals: [], variances: [] }];
    this.total = 0;
    this.varianceSum = 0;
    this.windowWidth = 0;
    this.tick = 0;
    this.detected = false;
    this.droppedTotal = 0;
    this.droppedWidth = 0;
    this.checked = false;
    this.lastCut = { shift: 0, epsilon: 0 };
  }

  private insert(value: number): void {
    this.levels[0].totals.push(value);
    this.levels[0].variances.push(0);
    this.windowWidth += 1;
    let incremental = 0;
    if (this.windowWidth > 1) {
      const d = value - this.total / (this.windowWidth - 1);
      incremental = ((this.windowWidth - 1) * d * d) / this.windowWidth;
    }
    this.varianceSum += incremental;
    this.total += value;
    this.compress();
  }

  /** Merges the two oldest buckets of a full level into one of the next, up the levels. */
  private compress(): void {
    for (let idx = 0; this.levels[idx].totals.length === this.maxBuckets + 1; idx++) {
      const level = this.levels[idx];
      const n1 = 2 ** idx;
      const [t0, t1] = level.totals;
      const [v0, v1] = level.variances;
      const mu1 = t0 / n1;
      const mu2 = t1 / n1;
      const v12 = v0 + v1 + n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2);
      if (idx + 1 >= this.levels.length) this.levels.push({ totals: [], variances: [] });
      this.levels[idx + 1].totals.push(t0 + t1);
      this.levels[idx + 1].variances.push(v12);
      level.totals.splice(0, 2);
      level.variances.splice(0, 2);
    }
  }

  /** Drops the oldest bucket. */
  private deleteOldest(): void {
    const last = this.levels.length - 1;
    const level = this.levels[last];
    const n = 2 ** last;
    const u = level.totals[0];
    const v = level.variances[0];
    const mu = u / n;
    this.windowWidth -= n;
    this.total -= u;
    const muWindow = this.total / this.windowWidth;
    this.varianceSum -= v + (n * this.windowWidth * (mu - muWindow) * (mu - muWindow)) / (n + this.windowWidth);
    level.totals.shift();
    level.variances.shift();
    if (level.totals.length === 0 && last > 0) this.levels.pop();
    this.droppedTotal += u;
    this.droppedWidth += n;
  }

  private detectChange(): boolean {
    let changed = false;
    this.tick += 1;
    if (this.tick % this.clock !== 0 || !(this.windowWidth > this.gracePeriod)) return false;
    this.checked = true;
    let closest: Cut = { shift: 0, epsilon: Number.POSITIVE_INFINITY };
    let reduce = true;
    while (reduce) {
      reduce = false;
      let n0 = 0;
      let n1 = this.windowWidth;
      let u0 = 0;
      let u1 = this.total;
      scan: for (let idx = this.levels.length - 1; idx >= 0; idx--) {
        const size = 2 ** idx;
        const totals = this.levels[idx].totals;
        for (let k = 0; k < totals.length; k++) {
          n0 += size;
          n1 -= size;
          u0 += totals[k];
          u1 -= totals[k];
          if (idx === 0 && k === totals.length - 1) break scan;
          if (!(n1 >= this.minWindowLength && n0 >= this.minWindowLength)) continue;
          const shift = Math.abs(u0 / n0 - u1 / n1);
          const epsilon = this.cutBound(n0, n1);
          if (shift > epsilon) {
            if (!changed) this.lastCut = { shift, epsilon };
            reduce = true;
            changed = true;
            if (this.windowWidth > 0) {
              this.deleteOldest();
              break scan;
            }
          } else if (!changed && shift / epsilon > closest.shift / closest.epsilon) {
            closest = { shift, epsilon };
          }
        }
      }
    }
    if (!changed) this.lastCut = Number.isFinite(closest.epsilon) ? closest : { shift: 0, epsilon: 0 };
    return changed;
  }

  private cutBound(n0: number, n1: number): number {
    const deltaPrime = Math.log((2 * Math.log(this.windowWidth)) / this.delta);
    const mRecip = 1 / (n0 - this.minWindowLength + 1) + 1 / (n1 - this.minWindowLength + 1);
    return Math.sqrt(2 * mRecip * (this.varianceSum / this.windowWidth) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
  }

  toBytes(): Uint8Array {
    const w = new StateWriter(Adwin.kind, 1, 128 + this.levels.length * 16 * (this.maxBuckets + 1))
      .f64(this.delta)
      .uvarint(this.clock)
      .uvarint(this.maxBuckets)
      .uvarint(this.minWindowLength)
      .uvarint(this.gracePeriod);
    writeSeriesIdentity(w, this);
    w.uvarint(this.levels.length);
    for (const level of this.levels) w.f64s(level.totals).f64s(level.variances);
    return w
      .f64(this.total)
      .f64(this.varianceSum)
      .f64(this.windowWidth)
      .uvarint(this.tick)
      .bool(this.detected)
      .f64(this.droppedTotal)
      .f64(this.droppedWidth)
      .bool(this.checked)
      .f64(this.lastCut.shift)
      .f64(this.lastCut.epsilon)
      .finish();
  }

  static fromBytes(bytes: Uint8Array): Adwin {
    const r = new StateReader(bytes, Adwin.kind, 1);
    const delta = r.f64();
    const clock = r.uvarint();
    const maxBuckets = r.uvarint();
    const minWindowLength = r.uvarint();
    const gracePeriod = r.uvarint();
    const detector = new Adwin({ delta, clock, maxBuckets, minWindowLength, gracePeriod, ...readSeriesIdentity(r) });
    const count = r.uvarint();
    detector.levels = Array.from({ length: count }, () => ({ totals: r.f64s(), variances: r.f64s() }));
    detector.total = r.f64();
    detector.varianceSum = r.f64();
    detector.windowWidth = r.f64();
    detector.tick = r.uvarint();
    detector.detected = r.bool();
    detector.droppedTotal = r.f64();
    detector.droppedWidth = r.f64();
    detector.checked = r.bool();
    detector.lastCut = { shift: r.f64(), epsilon: r.f64() };
    r.end();
    return detector;
  }
}
