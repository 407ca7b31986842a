import { z } from 'zod';
import { driftChoiceSchema } from './driftChoiceSchema.ts';
import { anomalySchema, driftParameters, trendSchema } from './detectorParamsSchema.ts';
import { featureSpec } from './featureRulesSchema.ts';
import { isEstimatedMetric, PERFORMANCE_METRICS, performanceBandsSchema, performanceCalibrationSchema } from './performanceBandsSchema.ts';
import { fieldMappingSchema, labelMappingSchema } from './mappingSchema.ts';
import { gcd } from '../detectors/common/gcd.ts';
import { DEFAULT_BAND_K, DEFAULT_VARIANCE_SHARE } from '../detectors/multivariate/reconstructionModel.ts';
import { durationMs } from './duration.ts';
import { notifySchema } from './notifySchema.ts';
import { limitsSchema } from './limitsSchema.ts';
import { SECRET_REFERENCE } from './environment.ts';

/** The slice of a segment attribute's values that are neither listed nor admitted under its cap. */
export const OTHER_SEGMENT = 'other';

/**
 * The shape of driftwatch's YAML config, with every default stated once.
 * loadConfig.ts reads the file, applies environment overrides and validates it against this schema.
 */

const positiveInt = z.number().int().positive();
const share = z.number().min(0).max(1);
const duration = z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
  const ms = durationMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 500ms, 30s, 10m, 1h or 7d (or a number of ms), got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
const severity = z.enum(['info', 'warning', 'critical']);
const bounds = z.strictObject({ warning: z.number(), critical: z.number().optional() });

const saslSchema = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

/**
 * TLS with files: `ca` (PEM, trusted instead of the system's CAs), `cert` + `key` (PEM, a client certificate
 * for mutual TLS) and `rejectUnauthorized` (default true). Relative paths are relative to the config file.
 */
const tlsFilesSchema = z
  .strictObject({
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), { message: 'cert and key go together (a client certificate needs its key)' });

const hostPort = z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port');

const kafkaSchema = z.strictObject({
  brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1),
  clientId: z.string().min(1).default('driftwatch'),
  groupId: z.string().min(1).default('driftwatch'),
  /** How long the group waits for a silent member (e.g. killed) before its partitions move; at least the broker's group.min.session.timeout.ms (6 s). */
  sessionTimeout: duration.default(30_000),
  /** `true`: TLS with the system's CAs; or TLS with files (see tlsFilesSchema). */
  ssl: z.union([z.boolean(), tlsFilesSchema]).default(false),
  sasl: saslSchema.optional(),
});

const registrySchema = z.strictObject({
  url: z.url(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** A registry request unanswered this long fails, and is retried like any registry outage (default 10 s, see registryClient.ts). */
  requestTimeout: duration.optional(),
  /** For an https:// registry with a private CA or client certificates. */
  tls: tlsFilesSchema.optional(),
}).superRefine((registry, ctx) => {
  if (registry.tls && !registry.url.startsWith('https://')) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls needs an https:// url' });
});

const redisSchema = z
  .strictObject({
    /** standalone: one server at `url`; sentinel: the primary `masterName` found through `sentinels`; cluster: Redis Cluster from `nodes`. */
    mode: z.enum(['standalone', 'sentinel', 'cluster']).default('standalone'),
    /** standalone: the server (credentials and database may be in the URL). */
    url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
    /** sentinel: the sentinels to ask for the primary (host:port). */
    sentinels: z.array(hostPort).min(1).optional(),
    /** sentinel: the name the sentinels monitor the primary under. */
    masterName: z.string().min(1).optional(),
    /** cluster: startup nodes (host:port); the rest of the cluster is discovered from them. */
    nodes: z.array(hostPort).min(1).optional(),
    /** Credentials for the data nodes (override the URL's); sentinels use `sentinelPassword`. */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    sentinelPassword: z.string().min(1).optional(),
    /**
     * A checkpoint counts as saved once this many replicas have it (Redis WAIT), so a failover to a replica
     * cannot lose it. Default: 1 with sentinel, 0 otherwise.
     */
    replicaAcks: z.number().int().nonnegative().optional(),
    /** How long a save waits for `replicaAcks` replicas before it is retried like any Redis outage. */
    replicaAckTimeout: duration.default(5_000),
    tls: tlsFilesSchema.optional(),
    /** Prefix of every key driftwatch writes; the consumer group id is appended. */
    keyPrefix: z.string().default('driftwatch'),
  })
  .superRefine((redis, ctx) => {
    const need = (key: 'url' | 'sentinels' | 'masterName' | 'nodes', why: string) => {
      if (redis[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `mode ${redis.mode} needs '${key}' (${why})` });
    };
    const refuse = (key: 'url' | 'sentinels' | 'masterName' | 'nodes') => {
      if (redis[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not used in mode ${redis.mode}` });
    };
    if (redis.mode === 'standalone') {
      need('url', 'e.g. redis://127.0.0.1:6379');
      refuse('sentinels'), refuse('masterName'), refuse('nodes');
    } else if (redis.mode === 'sentinel') {
      need('sentinels', 'host:port of each sentinel');
      need('masterName', 'the name in the sentinels\' `sentinel monitor` line');
      refuse('url'), refuse('nodes');
    } else {
      need('nodes', 'host:port of one or more cluster nodes');
      refuse('url'), refuse('sentinels'), refuse('masterName');
      if ((redis.replicaAcks ?? 0) > 0) ctx.addIssue({ code: 'custom', path: ['replicaAcks'], message: 'replicaAcks (Redis WAIT) is not supported in cluster mode' });
    }
  });

/**
 * How `serve`, `publish`, `notify` and `driftwatch topics create` create the topics that do not exist yet
 * (consumers/ensureTopics.ts). Absent partitions or replication factor: the broker's own defaults
 * (num.partitions, default.replication.factor), as kafka-topics.sh does.
 */
const topicCreationSchema = z.strictObject({
  /** Create missing topics at start; when false, a missing topic is an error naming it. */
  enabled: z.boolean().default(true),
  partitions: positiveInt.optional(),
  replicationFactor: positiveInt.optional(),
  /** Topic configs given to every created topic, e.g. { retention.ms: 604800000, cleanup.policy: delete }. */
  config: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  /** How long to keep trying to reach Kafka, create the topics and see every partition's leader elected. */
  timeout: duration.default(60_000),
});

const topicsSchema = z.strictObject({
  predictions: z.string().min(1).default('ml.predictions'),
  features: z.string().min(1).default('ml.features'),
  labels: z.string().min(1).default('ml.labels'),
  alerts: z.string().min(1).default('ml.monitoring.alerts'),
  windows: z.string().min(1).default('ml.monitoring.windows'),
  retrain: z.string().min(1).default('ml.monitoring.retrain'),
  deadLetter: z.string().min(1).default('ml.monitoring.dlq'),
  /** Where `notify` puts alerts a receiver refused (e.g. PagerDuty 400), with the receiver's answer. */
  notifyDeadLetter: z.string().min(1).default('ml.monitoring.notify.dlq'),
  create: topicCreationSchema.prefault({}),
});

const featureKind = z.enum(['numeric', 'categorical']);

const referenceSchema = z.discriminatedUnion('source', [
  /** The first N events of each model version. */
  z.strictObject({ source: z.literal('firstEvents'), events: positiveInt.default(5000) }),
  /** A file of events (JSONL, CSV or Parquet) in the PredictionEvent shape, or the monitor's mapping. */
  z.strictObject({ source: z.literal('file'), path: z.string().min(1), format: z.enum(['jsonl', 'csv', 'parquet']).optional() }),
  /** Each window is compared with the one before it (tumbling count windows only); the first window is the first reference. */
  z.strictObject({ source: z.literal('previousWindow') }),
]);

/**
 * Hopping windows are kept as panes of gcd(size, hop) (see monitor/windowPanes.ts); a window made of more
 * panes than this would cost memory and merges out of proportion to size / hop.
 */
export const MAX_PANES_PER_WINDOW = 100;

const windowSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('count'), size: positiveInt, hop: positiveInt.optional() }),
  z.strictObject({
    type: z.literal('eventTime'), size: duration, hop: duration.optional(), allowedLateness: duration.default(0),
    /** Events further than this ahead of the wall clock are dead-lettered (limit): stream time never jumps past it. */
    maxFutureSkew: duration.default(3_600_000),
  }),
]);

const driftSchema = z.strictObject({
  /** The tests are those of the drift-test registry (detectors/drift/registry.ts). */
  numeric: driftChoiceSchema('numeric').optional(),
  categorical: driftChoiceSchema('categorical').optional(),
  /** Thresholds calibrated on chunks of the reference (mean ± 3σ of the statistic) instead of fixed. */
  calibrate: z.boolean().default(false),
  /** False-discovery rate for Benjamini–Hochberg across a model's features, for p-value tests. */
  fdr: share.default(0.05),
  /** Fewest values a window needs to be judged. */
  minCount: positiveInt.default(200),
  /** significanceLevel, ksMethod, psiBins (see detectorParamsSchema.ts). */
  ...driftParameters,
});

const qualitySchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The model's quality score alerts below these. */
  score: bounds.default({ warning: 0.8, critical: 0.5 }),
});

const performanceSchema = z.strictObject({
  task: z.enum(['classification', 'regression']),
  /** Label value counted as positive (classification); compared as text. */
  positiveLabel: z.union([z.string(), z.number()]).transform(String).default('1'),
  /** Score at or above which the prediction is positive when it has no label. */
  decisionThreshold: z.number().default(0.5),
  /** Labelled pairs per performance window. */
  windowSize: positiveInt.default(1000),
  /** How long a prediction waits for its label. */
  joinTtl: duration.default(7 * 86_400_000),
  /** Alert bounds per metric: below them for accuracy-like metrics, above for losses and errors. */
  thresholds: z.partialRecord(z.enum(PERFORMANCE_METRICS), bounds).default({}),
  /** Two-sided bands per metric (performanceBandsSchema.ts): outside them on either side is a warning. */
  bands: performanceBandsSchema.default({}),
  /** Bands calibrated on the first performance windows (NannyML's mean ± kσ of reference chunks), per metric. */
  calibrate: performanceCalibrationSchema.optional(),
  /** Metrics whose per-window series the trend detectors watch (default: accuracy, or mae for regression). */
  trendMetrics: z.array(z.enum(PERFORMANCE_METRICS)).optional(),
  /** Estimate performance without labels, per window of windowSize predictions (CBPE, binary classification; needs a reference file with targets). */
  estimate: z.literal('cbpe').optional(),
  /** What one prediction is worth by its outcome (gains positive, costs negative): each window's business_value (and estimated_business_value) is their sum. */
  businessValue: z.strictObject({ tp: z.number(), fp: z.number(), tn: z.number(), fn: z.number() }).optional(),
  /** How CBPE calibrates the reference's scores: auto (NannyML's rule decides), isotonic (always) or none (taken as calibrated). */
  scoreCalibration: z.enum(['auto', 'isotonic', 'none']).default('auto'),
  /** Share of predictions kept for the label join, chosen by a hash of the event id (so its label is chosen alike). */
  sampleRate: z.number().gt(0).max(1).default(1),
  /** At most this many predictions of the model are stored for the join within any joinTtl; beyond it they are not kept. */
  maxPendingJoins: positiveInt.default(1_000_000),
  /** Where the producer's own label records keep the parts of a LabelEvent (Avro or JSON); absent: the LabelEvent contract. */
  labelMapping: labelMappingSchema.optional(),
}).superRefine((performance, ctx) => {
  if (performance.estimate && performance.task !== 'classification') ctx.addIssue({ code: 'custom', path: ['estimate'], message: 'CBPE estimates binary classification: it needs task: classification' });
  if (performance.businessValue && performance.task !== 'classification') ctx.addIssue({ code: 'custom', path: ['businessValue'], message: 'business value is per classification outcome: it needs task: classification' });
  const named: [string, readonly string[]][] = [
    ['thresholds', Object.keys(performance.thresholds)], ['bands', Object.keys(performance.bands)], ['trendMetrics', performance.trendMetrics ?? []], ['calibrate', performance.calibrate?.metrics ?? []],
  ];
  for (const [key, metrics] of named) {
    const estimated = metrics.find(isEstimatedMetric);
    if (estimated && !performance.estimate) ctx.addIssue({ code: 'custom', path: [key], message: `'${estimated}' is an estimated metric: it needs performance.estimate: cbpe` });
    const valued = metrics.find((m) => m.endsWith('business_value'));
    if (valued && !performance.businessValue) ctx.addIssue({ code: 'custom', path: [key], message: `'${valued}' needs performance.businessValue: { tp, fp, tn, fn }, the value of each outcome` });
  }
  for (const metric of performance.calibrate?.metrics ?? []) {
    if (metric in performance.bands) ctx.addIssue({ code: 'custom', path: ['calibrate', 'metrics'], message: `'${metric}' has a fixed band in performance.bands: give it a fixed band or calibration, not both` });
  }
});

const retrainingSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** A feature's drift critical in this many consecutive windows asks for retraining. */
  criticalDriftWindows: positiveInt.default(3),
  /** A performance trend alert asks for retraining. */
  onPerformanceTrend: z.boolean().default(true),
  /** Windows after a request during which no other is sent. */
  cooldownWindows: z.number().int().nonnegative().default(10),
});

/** Multivariate drift by PCA data reconstruction (NannyML's DataReconstructionDriftCalculator), fitted on the reference. */
const multivariateSchema = z.strictObject({
  /** Watched features the PCA reads (at least 2); default every watched model input (not prediction.score / label). */
  features: z.array(z.string().min(1)).min(2).optional(),
  /** PCA keeps the fewest components explaining more than this share of the variance. */
  varianceShare: z.number().gt(0).lt(1).default(DEFAULT_VARIANCE_SHARE),
  /** The band: mean ± k·σ of the reference chunks' mean reconstruction error (chunks of the window size). */
  k: z.number().positive().default(DEFAULT_BAND_K),
});

/** The most segment attributes of one monitor, and values of one attribute: each value is a monitor of its own. */
export const MAX_SEGMENT_ATTRIBUTES = 8;
export const MAX_SEGMENT_VALUES = 100;

/** A slice of the events by one attribute (the event's `attributes`), monitored with its own windows, findings and alerts. */
const segmentSchema = z.strictObject({
  attribute: z.string().min(1),
  /** The values monitored on their own; any other value (or none) is `other`. Absent: the first maxValues values seen (a reference file: its most frequent). */
  values: z.array(z.string().min(1)).min(1).max(MAX_SEGMENT_VALUES).optional(),
  /** Without values: at most this many values get a slice of their own, the rest are `other`. */
  maxValues: positiveInt.max(MAX_SEGMENT_VALUES).default(10),
}).superRefine((segment, ctx) => {
  if (segment.values?.includes(OTHER_SEGMENT)) ctx.addIssue({ code: 'custom', path: ['values'], message: `'${OTHER_SEGMENT}' is the slice of the unlisted values; it cannot be listed` });
  const values = segment.values ?? [];
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) ctx.addIssue({ code: 'custom', path: ['values'], message: `'${twice}' is listed twice` });
});

const monitorSchema = z.strictObject({
  /** model_id of the events this monitor watches. */
  model: z.string().min(1),
  /** Topics whose events it watches. */
  streams: z.array(z.enum(['predictions', 'features'])).min(1).default(['predictions']),
  /** Where the event's parts are, for producers with their own record shape (Avro or JSON). */
  mapping: fieldMappingSchema.optional(),
  /** Features to watch: kind, or rules (featureRulesSchema.ts); when absent, every feature of the reference, kind inferred from its values. */
  features: z.record(z.string().min(1), featureSpec).optional(),
  /** Also watch prediction.score (numeric) and prediction.label (categorical) like features. */
  monitorPrediction: z.boolean().default(true),
  reference: referenceSchema.prefault({ source: 'firstEvents' }),
  window: windowSchema,
  drift: driftSchema.prefault({}),
  quality: qualitySchema.prefault({}),
  performance: performanceSchema.optional(),
  multivariate: multivariateSchema.optional(),
  /** Slices monitored on their own beside the whole population (monitor/segmentAdmission.ts). */
  segments: z.array(segmentSchema).max(MAX_SEGMENT_ATTRIBUTES).default([]),
  trend: trendSchema.prefault({}),
  anomaly: anomalySchema.prefault({}),
  /** An alert fires when its detector breached in k of the last n windows. */
  persistence: z.strictObject({ k: positiveInt.default(2), n: positiveInt.max(32).default(3) }).prefault({})
    .refine((p) => p.k <= p.n, 'k must be at most n'),
  /** Severity to give every firing alert of a detector, e.g. { "quality.score": critical }. */
  severities: z.record(z.string(), severity).default({}),
  retraining: retrainingSchema.prefault({}),
  /** Live monitors per model and stream: a new version beyond it retires the least recently active one. */
  maxVersions: positiveInt.default(5),
  /** A version whose newest event is this much older (event time) than the model's newest is retired. */
  versionIdleTimeout: duration.default(86_400_000),
}).superRefine((monitor, ctx) => {
  const w = monitor.window;
  const hop = w.hop ?? w.size;
  if (hop > w.size) ctx.addIssue({ code: 'custom', path: ['window', 'hop'], message: `hop (${hop}) must be at most the window size (${w.size})` });
  else if (w.size / gcd(w.size, hop) > MAX_PANES_PER_WINDOW) {
    ctx.addIssue({
      code: 'custom', path: ['window', 'hop'],
      message: `a window of ${w.size} with hop ${hop} is kept as ${w.size / gcd(w.size, hop)} panes of gcd(size, hop) = ${gcd(w.size, hop)}; at most ${MAX_PANES_PER_WINDOW} are allowed: choose a hop that divides the size (e.g. size 1h, hop 15m)`,
    });
  }
  if (monitor.reference.source === 'previousWindow' && (w.type !== 'count' || (w.hop !== undefined && w.hop !== w.size))) {
    ctx.addIssue({ code: 'custom', path: ['reference', 'source'], message: 'previousWindow needs tumbling count windows (window.type count, no hop or hop = size)' });
  }
  const attributes = monitor.segments.map((segment) => segment.attribute);
  const repeated = attributes.find((a, i) => attributes.indexOf(a) !== i);
  if (repeated !== undefined) ctx.addIssue({ code: 'custom', path: ['segments'], message: `attribute '${repeated}' is segmented twice` });
  if (monitor.performance?.estimate) {
    if (monitor.reference.source !== 'file') ctx.addIssue({ code: 'custom', path: ['performance', 'estimate'], message: 'CBPE is fitted on a reference with true outcomes: it needs reference.source file, whose records carry a target' });
    if (!monitor.streams.includes('predictions')) ctx.addIssue({ code: 'custom', path: ['performance', 'estimate'], message: "CBPE estimates from predictions: it needs 'predictions' in streams" });
  }
});

const observabilitySchema = z.strictObject({
  /** Address of the /metrics and /health endpoints; port 0 picks a free one. */
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9464),
  /** When set, every endpoint but /health/live asks for `Authorization: Bearer <authToken>`; better given by DRIFTWATCH_OBSERVABILITY_TOKEN. */
  authToken: z.string().min(16).optional(),
  /** Most (model, stream, feature, metric) series of driftwatch_drift_statistic; past it new series are dropped and counted. */
  maxDriftSeries: z.number().int().positive().default(2000),
  /** Most links from a batch span to the trace contexts of its messages. */
  maxTraceLinks: z.number().int().min(0).default(128),
  /** How often consumer lag is also recomputed from the brokers' high watermarks, so a stalled consumer shows it; 0 turns that off. */
  lagRefreshInterval: duration.default(30_000),
});

/** Bounds on what one process keeps (see monitor/monitorEngine.ts) and how long Redis keeps it. */
const stateSchema = z.strictObject({
  /** Live monitors (all models, streams and versions) in one process; a new one beyond it is refused and its events dead-lettered as `limit`. */
  maxMonitors: positiveInt.default(10_000),
  /** Entries of each in-memory memo (entry keys, privacy hashes). */
  memoEntries: positiveInt.default(10_000),
  /** Writer schemas kept decoded, by registry id. */
  schemaCacheEntries: positiveInt.default(1_000),
  /** A partition's checkpoint keys expire after this long without a save. */
  checkpointTtl: duration.default(30 * 86_400_000),
});

/** What driftwatch writes of the events' contents: see the README's "What Redis holds". */
const privacySchema = z.strictObject({
  /** Feature names and categorical values become HMAC-SHA256 hashes before any state or output holds them. */
  hashCategories: z.boolean().default(false),
  /** Key of the hashes (at least 16 characters); or the DRIFTWATCH_PRIVACY_SECRET environment variable. */
  secret: z.string().superRefine((secret, ctx) => {
    const name = SECRET_REFERENCE.exec(secret)?.[1];
    if (name !== undefined) ctx.addIssue({ code: 'custom', message: `names the environment variable ${name}, which is not set` });
    else if (secret.length < 16) ctx.addIssue({ code: 'custom', message: 'the privacy secret must be at least 16 characters' });
  }).optional(),
  /** Features whose names and categories stay readable. */
  readableFeatures: z.array(z.string().min(1)).default([]),
}).refine((p) => !p.hashCategories || p.secret !== undefined, { message: 'hashCategories needs a secret (privacy.secret or DRIFTWATCH_PRIVACY_SECRET)', path: ['secret'] });

export const configSchema = z
  .strictObject({
    /** Kafka, the registry and Redis are needed by `serve`; `replay` runs without them. */
    kafka: kafkaSchema.optional(),
    registry: registrySchema.optional(),
    redis: redisSchema.optional(),
    observability: observabilitySchema.prefault({}),
    /** How long `serve` may take, after SIGTERM or SIGINT, to finish its batch and leave the group before it exits anyway. */
    shutdownTimeout: duration.default(30_000),
    topics: topicsSchema.prefault({}),
    /** Bounds on input and on dead letters (see limitsSchema.ts). */
    limits: limitsSchema.prefault({}),
    monitors: z.array(monitorSchema).min(1),
    /** Receivers and routes of `driftwatch notify` (src/config/notifySchema.ts); `serve` ignores it. */
    notify: notifySchema.optional(),
    state: stateSchema.prefault({}),
    privacy: privacySchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.monitors.forEach((m, i) => {
      if (seen.has(m.model)) ctx.addIssue({ code: 'custom', path: ['monitors', i, 'model'], message: `model '${m.model}' has two monitors; merge them` });
      seen.add(m.model);
    });
  });

export type DriftwatchConfig = z.infer<typeof configSchema>;
/** A config with the connections `serve` needs. */
export type ServiceConfig = DriftwatchConfig & Required<Pick<DriftwatchConfig, 'kafka' | 'registry' | 'redis'>>;
export type MonitorConfig = DriftwatchConfig['monitors'][number];
export type FeatureKind = z.infer<typeof featureKind>;
export type WindowConfig = MonitorConfig['window'];
export type PerformanceConfig = NonNullable<MonitorConfig['performance']>;
export type TopicsConfig = DriftwatchConfig['topics'];
export type TopicCreationConfig = TopicsConfig['create'];
/** The topics of a config by their role (every key of `topics` but `create`). */
export type TopicRole = Exclude<keyof TopicsConfig, 'create'>;
export type StateConfig = DriftwatchConfig['state'];
export type PrivacyConfig = DriftwatchConfig['privacy'];
