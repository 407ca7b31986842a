import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ValueTag, type EventBatch, type FieldColumn } from '../contracts/eventBatch.ts';
import type { PredictionEvent } from '../contracts/events.ts';

/** Prefix of a hashed name or category, so a reader sees at once that it is one. */
export const HASH_PREFIX = 'h:';

/**
 * privacy.hashCategories: feature names and string (categorical) values become keyed hashes,
 * `h:` + the first 128 bits of HMAC-SHA256(secret, text) in hex, before the engine sees the event. Every
 * state, checkpoint and output built from the event then holds the hash, never the text; features listed
 * as readable keep their name and values. Hashes are memoised (bounded LRU): raw text stays in memory only.
 */
export class CategoryHasher {
  readonly #secret: string;
  readonly #readable: ReadonlySet<string>;
  readonly #memo: LRUCache<string, string>;

  constructor(options: { secret: string; readableFeatures: readonly string[]; memoEntries: number }) {
    this.#secret = options.secret;
    this.#readable = new Set(options.readableFeatures);
    this.#memo = new LRUCache({ max: options.memoEntries, dispose: (_v, _k, reason) => { if (reason === 'evict') this.memoEvictions++; } });
  }

  /** Hashes dropped from the memo to make room (computed again when next needed). */
  memoEvictions = 0;

  get memoSize(): number {
    return this.#memo.size;
  }

  get memoLimit(): number {
    return this.#memo.max;
  }

  hash(text: string): string {
    let hashed = this.#memo.get(text);
    if (hashed === undefined) {
      hashed = HASH_PREFIX + createHmac('sha256', this.#secret).update(text).digest('hex').slice(0, 32);
      this.#memo.set(text, hashed);
    }
    return hashed;
  }

  /** A feature's name as state and outputs show it. */
  featureName(name: string): string {
    return this.#readable.has(name) ? name : this.hash(name);
  }

  /** A segment attribute's value as state and outputs show it (hashed, unless the attribute is readable). */
  segmentValue(attribute: string, value: string): string {
    return this.#readable.has(attribute) ? value : this.hash(value);
  }

  /** The event with hashed feature names and string values (readable features as they are). */
  event(event: PredictionEvent): PredictionEvent {
    const features: PredictionEvent['features'] = {};
    for (const [name, value] of Object.entries(event.features)) {
      if (this.#readable.has(name)) features[name] = value;
      else features[this.hash(name)] = typeof value === 'string' ? this.hash(value) : value;
    }
    return { ...event, features };
  }

  /** event() for every row of a batch: feature columns renamed and their string values hashed, once per distinct value. */
  batch(batch: EventBatch): EventBatch {
    const features = new Map<string, FieldColumn>();
    for (const [name, column] of batch.features) {
      if (this.#readable.has(name)) features.set(name, column);
      else features.set(this.hash(name), this.#column(column, this.hash(name)));
    }
    return { ...batch, features };
  }

  /** A column with its strings hashed; booleans share the dictionary, so their rows point past the hashed entries. */
  #column(column: FieldColumn, name: string): FieldColumn {
    const { dictionary, tags } = column;
    const hashed = dictionary.map((text) => this.hash(text));
    if (!tags.includes(ValueTag.boolean)) return { ...column, name, dictionary: hashed };
    const codes = column.codes.slice();
    for (let r = 0; r < tags.length; r++) if (tags[r] === ValueTag.boolean) codes[r] += dictionary.length;
    return { ...column, name, codes, dictionary: [...hashed, ...dictionary] };
  }
}
