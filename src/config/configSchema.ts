import { z } from 'zod';

/**
 * The shape of driftwatch's YAML config, with every default stated once.
 * loadConfig.ts reads the file, applies environment overrides and validates it against this schema.
 */

const positiveInt = z.number().int().positive();

const saslSchema = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

const kafkaSchema = z.strictObject({
  brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1),
  clientId: z.string().min(1).default('driftwatch'),
  groupId: z.string().min(1).default('driftwatch'),
  ssl: z.boolean().default(false),
  sasl: saslSchema.optional(),
});

const registrySchema = z.strictObject({
  url: z.url(),
  username: z.string().optional(),
  password: z.string().optional(),
});

const redisSchema = z.strictObject({
  url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
});

const topicsSchema = z.strictObject({
  predictions: z.string().min(1).default('ml.predictions'),
  features: z.string().min(1).default('ml.features'),
  labels: z.string().min(1).default('ml.labels'),
  alerts: z.string().min(1).default('ml.monitoring.alerts'),
  deadLetter: z.string().min(1).default('ml.monitoring.dlq'),
});

const featureKind = z.enum(['numeric', 'categorical']);

/** Which statistic raises alerts for a feature kind (the others are still computed and reported), and its bounds. */
const driftChoice = <M extends readonly [string, ...string[]]>(methods: M) =>
  z.strictObject({
    method: z.enum(methods).optional(),
    warning: z.number().optional(),
    critical: z.number().optional(),
  });

const countWindowSchema = z.strictObject({
  type: z.literal('count'),
  size: positiveInt,
  /** Events between two window starts; equal to size (tumbling) unless set. */
  hop: positiveInt.optional(),
});

const monitorSchema = z.strictObject({
  /** model_id of the events this monitor watches. */
  model: z.string().min(1),
  /** Features to watch and their kind. */
  features: z.record(z.string().min(1), featureKind).refine((f) => Object.keys(f).length > 0, 'list at least one feature'),
  /** Also watch prediction.score (numeric) and prediction.label (categorical) like features. */
  monitorPrediction: z.boolean().default(true),
  reference: z.strictObject({
    /** The reference is built from the first N events of each model version. */
    firstEvents: positiveInt.default(5000),
  }).prefault({}),
  window: countWindowSchema,
  drift: z
    .strictObject({
      numeric: driftChoice(['psi', 'ks', 'wasserstein_norm'] as const).optional(),
      categorical: driftChoice(['jensen_shannon', 'chi_square', 'unseen_share'] as const).optional(),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  kafka: kafkaSchema,
  registry: registrySchema,
  redis: redisSchema.optional(),
  topics: topicsSchema.prefault({}),
  monitors: z.array(monitorSchema).min(1),
});

export type DriftwatchConfig = z.infer<typeof configSchema>;
export type MonitorConfig = DriftwatchConfig['monitors'][number];
export type FeatureKind = z.infer<typeof featureKind>;
