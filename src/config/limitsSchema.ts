import { z } from 'zod';

/**
 * Bounds on input (the `limits:` section). Whatever goes past one is dead-lettered with error_kind `limit` and
 * a message naming the bound; nothing past a bound is parsed, allocated or kept.
 */

const positiveInt = z.number().int().positive();
const KiB = 1024;

/** Dead letters keep the original key and value up to `maxBytes`; sends to the topic are split at `maxRequestBytes`. */
const deadLetterLimitsSchema = z.strictObject({
  /** Original key + value bytes kept in one dead letter; beyond, they are cut and the letter says `truncated` and the original size. */
  maxBytes: positiveInt.default(256 * KiB),
  /** Bytes of dead letters in one produce request (well under the broker's message.max.bytes, 1 MiB by default). */
  maxRequestBytes: positiveInt.default(512 * KiB),
}).refine((d) => d.maxBytes + 4 * KiB <= d.maxRequestBytes, {
  message: 'maxRequestBytes must leave room for one full dead letter: at least maxBytes + 4 KiB (the letter\'s other fields)',
  path: ['maxRequestBytes'],
});

export const limitsSchema = z.strictObject({
  /** Bytes of one message value. */
  maxMessageBytes: positiveInt.default(1024 * KiB),
  /** Nesting depth of a JSON payload (objects and arrays), checked before it is parsed. */
  maxJsonDepth: positiveInt.default(64),
  /** Characters of event_id, model_id and model_version. */
  maxIdLength: positiveInt.default(256),
  /** Features in one event. */
  maxFeatures: positiveInt.default(1000),
  /** Characters of a feature name (and of an attribute's name). */
  maxFeatureNameLength: positiveInt.default(256),
  /** Characters of a string value: a categorical feature, a predicted or true label, an attribute. */
  maxStringLength: positiveInt.default(4096),
  /**
   * Items of all Avro arrays and maps in one message, counted from their declared block counts before anything is
   * allocated (a declared count the remaining bytes cannot hold is refused whatever this says).
   */
  maxAvroItems: positiveInt.default(100_000),
  /** Plausible event times, ms since the epoch: outside [minTimestamp, maxTimestamp] an event is refused. */
  minTimestamp: z.number().int().default(0),
  maxTimestamp: z.number().int().default(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
  deadLetter: deadLetterLimitsSchema.prefault({}),
}).refine((l) => l.minTimestamp < l.maxTimestamp, { message: 'minTimestamp must be below maxTimestamp', path: ['minTimestamp'] });

export type InputLimits = z.infer<typeof limitsSchema>;

/** The defaults, for callers without a config (tests, the library API). */
export const defaultInputLimits: InputLimits = limitsSchema.parse({});
