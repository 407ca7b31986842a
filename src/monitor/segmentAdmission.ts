import { OTHER_SEGMENT, type MonitorConfig } from '../config/configSchema.ts';
import type { PredictionEvent, Segment } from '../contracts/events.ts';

type SegmentConfig = MonitorConfig['segments'][number];

/** How slices are named in state and outputs: as the events have them, or hashed (privacy.hashCategories). */
export interface SegmentNames {
  attribute(name: string): string;
  value(attribute: string, value: string): string;
}

const READABLE: SegmentNames = { attribute: (name) => name, value: (_attribute, value) => value };

/** How one attribute's values map to slices: listed, fixed from a reference file, or admitted as they come. */
interface AttributeSlices {
  /** The attribute as the events have it. */
  source: string;
  /** The attribute as state and outputs show it. */
  attribute: string;
  /** The values with a slice of their own (listed or admitted so far). */
  values: Set<string>;
  /** Values are admitted as they come, up to cap (no list, no reference file). */
  admitting: boolean;
  cap: number;
}

/**
 * Which slice of each segment attribute an event belongs to. A listed value is its own slice; without a list,
 * a reference file's `maxValues` most frequent values are (ties by name), or else the first `maxValues`
 * values the stream shows, admitted once and kept (toJSON: saved with the partition, so a restart routes
 * alike). Any other value, or an event without the attribute, is `other`.
 */
export class SegmentAdmission {
  readonly #slices: AttributeSlices[];

  readonly #names: SegmentNames;

  /** `names`: how slices are shown (hashed under privacy.hashCategories); listed values are given as the events have them. */
  constructor(segments: readonly SegmentConfig[], reference?: readonly PredictionEvent[], names: SegmentNames = READABLE) {
    this.#names = names;
    this.#slices = segments.map((s) => {
      const slice = { source: s.attribute, attribute: names.attribute(s.attribute) };
      if (s.values) return { ...slice, values: new Set(s.values.map((v) => names.value(s.attribute, v))), admitting: false, cap: s.values.length };
      if (reference) return { ...slice, values: new Set(mostFrequent(reference, s.attribute, s.maxValues).map((v) => names.value(s.attribute, v))), admitting: false, cap: s.maxValues };
      return { ...slice, values: new Set<string>(), admitting: true, cap: s.maxValues };
    });
  }

  /** The event's slice of every segment attribute, a new value counted in where there is room (admit() keeps it). */
  route(attributes: Readonly<Record<string, string>> | undefined): Segment[] {
    return this.#slices.map((slice) => {
      const raw = attributes?.[slice.source];
      if (raw === undefined || raw === OTHER_SEGMENT) return { attribute: slice.attribute, value: OTHER_SEGMENT };
      const value = this.#names.value(slice.source, raw);
      if (slice.values.has(value) || (slice.admitting && slice.values.size < slice.cap)) return { attribute: slice.attribute, value };
      return { attribute: slice.attribute, value: OTHER_SEGMENT };
    });
  }

  /** Keeps the new values of slices route() gave (once the event applied); whether any was new (then the admission is saved). */
  admit(segments: readonly Segment[]): boolean {
    let changed = false;
    segments.forEach((segment, i) => {
      const slice = this.#slices[i];
      if (!slice.admitting || segment.value === OTHER_SEGMENT || slice.values.has(segment.value)) return;
      slice.values.add(segment.value);
      changed = true;
    });
    return changed;
  }

  /** Every slice there is now: each attribute's values and `other`. */
  slices(): Segment[] {
    return this.#slices.flatMap((slice) => [...slice.values, OTHER_SEGMENT].map((value) => ({ attribute: slice.attribute, value })));
  }

  /** Every slice there can be, once no attribute admits new values any more (else undefined: a new value may still come). */
  slicesIfComplete(): Segment[] | undefined {
    return this.#slices.some((s) => s.admitting && s.values.size < s.cap) ? undefined : this.slices();
  }

  /** Whether a saved slice still is one under this config. */
  holds(segment: Segment): boolean {
    const slice = this.#slices.find((s) => s.attribute === segment.attribute);
    return slice !== undefined && (segment.value === OTHER_SEGMENT || slice.values.has(segment.value) || (slice.admitting && slice.values.size < slice.cap));
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries(this.#slices.filter((s) => s.admitting).map((s) => [s.attribute, [...s.values]]));
  }

  /** Puts back the values admitted before a restart (up to the cap, which may have shrunk). */
  restore(saved: Record<string, string[]>): void {
    for (const slice of this.#slices) {
      if (!slice.admitting) continue;
      for (const value of saved[slice.attribute] ?? []) if (slice.values.size < slice.cap) slice.values.add(value);
    }
  }
}

function mostFrequent(events: readonly PredictionEvent[], attribute: string, count: number): string[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    const value = e.attributes?.[attribute];
    if (value !== undefined && value !== OTHER_SEGMENT) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, count).map(([value]) => value);
}
