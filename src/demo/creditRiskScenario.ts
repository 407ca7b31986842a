import type { FeatureValue, LabelEvent, PredictionEvent } from '../contracts/events.ts';
import { seededRandom, type Random } from './seededRandom.ts';

/** One problem the scenario injects, as the demo's summary describes it. */
export interface InjectedProblem {
  what: string;
  /** The detectors expected to catch it (prefixes of detector names, e.g. 'drift.'). */
  caughtBy: readonly string[];
  /** The features it touches; model-level alerts (no feature) of those detectors count too. */
  features: readonly string[];
}

export interface CreditRiskScenario {
  /** Applications scored during the model's validation period: the reference profile. */
  reference: PredictionEvent[];
  /** Applications scored in production, in time order. */
  events: PredictionEvent[];
  /** Observed outcomes (first payment missed or not), in time order. */
  labels: LabelEvent[];
  problems: InjectedProblem[];
}

export const DEMO_MODEL = 'credit-risk';
export const DEMO_MODEL_VERSION = 'v3';
export const DEMO_DAYS = 56;
const DAY = 86_400_000;
/** Monday 2 March 2026, 00:00 UTC: day 0 of production. */
export const DEMO_START = Date.UTC(2026, 2, 2);
const APPLICATIONS_PER_DAY = 2000;
const REFERENCE_EVENTS = 10_000;
/** Outcomes are known once the first instalment is due: 30 days, plus up to 3 days of processing. */
const LABEL_DELAY = 30 * DAY;
const LABEL_DELAY_JITTER = 3 * DAY;

/** Days (from DEMO_START) of each injected problem. */
export const DEMO_SCHEDULE = {
  /** The credit bureau's API times out for most applications: bureau features arrive empty. */
  bureauOutage: { from: 14, to: 17, share: 0.8 },
  /** A partner channel opens: younger applicants with lower incomes, more debt consolidation. */
  partnerChannel: { from: 25, share: 0.5 },
  /** Accuracy slides linearly from 0.85 to 0.82 for predictions made between these days, then stays. */
  accuracyDecline: { from: 24, to: 44, before: 0.85, after: 0.82 },
  /** The feature pipeline's new release renames employment_years to employment_length. */
  featureRename: { from: 50, removed: 'employment_years', added: 'employment_length' },
} as const;

const REGIONS = ['north', 'south', 'east', 'west', 'central'] as const;
const REGION_WEIGHTS = [0.24, 0.22, 0.2, 0.18, 0.16];
const PURPOSES = ['car', 'home_improvement', 'debt_consolidation', 'education', 'business'] as const;
const PURPOSE_WEIGHTS = [0.3, 0.22, 0.25, 0.1, 0.13];
const PARTNER_PURPOSE_WEIGHTS = [0.2, 0.08, 0.55, 0.12, 0.05];
const HOUSING = ['rent', 'own', 'mortgage'] as const;
const HOUSING_WEIGHTS = [0.4, 0.2, 0.4];
const PURPOSE_RISK: Record<string, number> = { car: -0.1, home_improvement: -0.2, debt_consolidation: 0.35, education: 0.1, business: 0.25 };

/**
 * A credit-risk model's predictions, deterministically from a seed: ten applicant features (seven numeric,
 * three categorical), a default-risk score from a logistic model of them, and outcomes observed 30 days
 * later. Four problems are injected on a known schedule (DEMO_SCHEDULE): a data-quality incident, an input
 * drift, a gradual accuracy decline seen only through the delayed labels, and a schema change.
 */
export function creditRiskScenario(seed: number): CreditRiskScenario {
  const rng = seededRandom(seed);
  const reference: PredictionEvent[] = [];
  for (let i = 0; i < REFERENCE_EVENTS; i++) {
    // The validation period: the ten days before production, same population, no incident.
    const timestamp = DEMO_START - 10 * DAY + Math.floor((i * 10 * DAY) / REFERENCE_EVENTS);
    reference.push(application(rng, `val-${pad(i)}`, timestamp, { partner: false }));
  }
  const events: PredictionEvent[] = [];
  const labels: LabelEvent[] = [];
  const end = DEMO_START + DEMO_DAYS * DAY;
  let timestamp = DEMO_START;
  for (let i = 0; ; i++) {
    timestamp += Math.max(1, Math.round(exponential(rng, DAY / APPLICATIONS_PER_DAY)));
    if (timestamp >= end) break;
    const day = (timestamp - DEMO_START) / DAY;
    const partner = day >= DEMO_SCHEDULE.partnerChannel.from && rng.uniform() < DEMO_SCHEDULE.partnerChannel.share;
    const event = application(rng, `app-${pad(i)}`, timestamp, { partner });
    const outage = DEMO_SCHEDULE.bureauOutage;
    if (day >= outage.from && day < outage.to && rng.uniform() < outage.share) {
      event.features.credit_score = null;
      event.features.num_open_accounts = null;
      event.features.delinquencies_2y = null;
    }
    const rename = DEMO_SCHEDULE.featureRename;
    if (day >= rename.from) {
      const { [rename.removed]: moved, ...rest } = event.features;
      event.features = { ...rest, [rename.added]: moved };
    }
    events.push(event);
    const predicted = event.prediction.label!;
    const correct = rng.uniform() < accuracyOn(day);
    labels.push({
      event_id: event.event_id,
      model_id: DEMO_MODEL,
      timestamp: timestamp + LABEL_DELAY + Math.floor(rng.uniform() * LABEL_DELAY_JITTER),
      label: correct ? predicted : predicted === 'default' ? 'repay' : 'default',
    });
  }
  labels.sort((a, b) => a.timestamp - b.timestamp || (a.event_id < b.event_id ? -1 : 1));
  const s = DEMO_SCHEDULE;
  return {
    reference,
    events,
    labels,
    problems: [
      {
        what: `data quality: days ${s.bureauOutage.from}–${s.bureauOutage.to - 1}, the credit bureau times out for ${s.bureauOutage.share * 100} % of applications (credit_score, num_open_accounts, delinquencies_2y empty)`,
        caughtBy: ['quality.share', 'quality.score'],
        features: ['credit_score', 'num_open_accounts', 'delinquencies_2y'],
      },
      {
        what: `input drift: from day ${s.partnerChannel.from}, a partner channel brings ${s.partnerChannel.share * 100} % of applicants, younger, with lower incomes, borrowing to consolidate debt`,
        caughtBy: ['drift.'],
        features: ['income', 'age', 'debt_ratio', 'credit_score', 'delinquencies_2y', 'employment_years', 'loan_purpose', 'prediction.score', 'prediction.label'],
      },
      {
        what: `performance: accuracy slides from ${s.accuracyDecline.before} to ${s.accuracyDecline.after} for predictions of days ${s.accuracyDecline.from}–${s.accuracyDecline.to}, seen through labels that arrive 30–33 days later`,
        caughtBy: ['trend.', 'performance.threshold'],
        features: [],
      },
      {
        what: `schema change: from day ${s.featureRename.from}, the feature pipeline renames ${s.featureRename.removed} to ${s.featureRename.added}`,
        caughtBy: ['quality.schema_change'],
        features: [],
      },
    ],
  };
}

/** The share of correct predictions planned for predictions made on this (fractional) day. */
export function accuracyOn(day: number): number {
  const { from, to, before, after } = DEMO_SCHEDULE.accuracyDecline;
  if (day <= from) return before;
  if (day >= to) return after;
  return before + ((after - before) * (day - from)) / (to - from);
}

function application(rng: Random, eventId: string, timestamp: number, { partner }: { partner: boolean }): PredictionEvent {
  const income = Math.round(Math.exp(10.65 + 0.45 * rng.normal() + (partner ? Math.log(0.6) : 0)) / 100) * 100;
  const age = clamp(Math.round(rng.normal(partner ? 33 : 42, partner ? 8 : 11)), 21, 75);
  const debtRatio = round(Math.min(0.99, rng.uniform() * rng.uniform() * (partner ? 1.5 : 1.2)), 3);
  const creditScore = clamp(Math.round(rng.normal(partner ? 655 : 680, 60)), 300, 850);
  const openAccounts = poisson(rng, 4);
  const delinquencies = poisson(rng, partner ? 0.5 : 0.3);
  const employmentYears = rng.uniform() < 0.03 ? null : Math.min(40, Math.floor(exponential(rng, partner ? 3.5 : 6)));
  const region = rng.pick(REGIONS, REGION_WEIGHTS);
  const purpose = rng.pick(PURPOSES, partner ? PARTNER_PURPOSE_WEIGHTS : PURPOSE_WEIGHTS);
  const housing = rng.pick(HOUSING, HOUSING_WEIGHTS);
  const risk = -0.9
    + 2.4 * (debtRatio - 0.3)
    - 0.011 * (creditScore - 680)
    - 0.6 * Math.log(income / 42_000)
    + 0.45 * delinquencies
    + 0.04 * (openAccounts - 4)
    - 0.03 * ((employmentYears ?? 3) - 6)
    + PURPOSE_RISK[purpose]
    + (housing === 'own' ? -0.2 : 0)
    + 0.35 * rng.normal();
  const score = round(1 / (1 + Math.exp(-risk)), 4);
  const features: Record<string, FeatureValue> = {
    income,
    age,
    debt_ratio: debtRatio,
    credit_score: creditScore,
    num_open_accounts: openAccounts,
    delinquencies_2y: delinquencies,
    employment_years: employmentYears,
    region,
    loan_purpose: purpose,
    housing,
  };
  return {
    event_id: eventId,
    model_id: DEMO_MODEL,
    model_version: DEMO_MODEL_VERSION,
    timestamp,
    features,
    prediction: { score, label: score >= 0.5 ? 'default' : 'repay', probabilities: null },
    latency_ms: round(Math.exp(2.4 + 0.3 * rng.normal()), 1),
    attributes: { channel: partner ? 'partner' : rng.uniform() < 0.6 ? 'web' : 'branch' },
  };
}

function exponential(rng: Random, mean: number): number {
  return -mean * Math.log(1 - rng.uniform());
}

/** Knuth's multiplication method: fine for the small means used here. */
function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function pad(i: number): string {
  return String(i).padStart(6, '0');
}
