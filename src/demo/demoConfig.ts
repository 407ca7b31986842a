import { stringify } from 'yaml';
import { driftTests } from '../detectors/drift/registry.ts';
import { DEMO_MODEL } from './creditRiskScenario.ts';

/** File names the demo writes in its directory; the config refers to the reference by this relative path. */
export const DEMO_FILES = {
  config: 'driftwatch.yaml',
  reference: 'reference.jsonl',
  events: 'events.jsonl',
  labels: 'labels.jsonl',
  outputs: 'outputs.jsonl',
  report: 'report.html',
} as const;

/** The monitor config the demo runs with: what a user would write for this model (every other key at its default). */
export function demoConfig(): Record<string, unknown> {
  return {
    kafka: { brokers: ['127.0.0.1:19092'] },
    registry: { url: 'http://127.0.0.1:18081/apis/ccompat/v7' },
    redis: { url: 'redis://127.0.0.1:16379' },
    monitors: [{
      model: DEMO_MODEL,
      features: {
        income: 'numeric',
        age: 'numeric',
        debt_ratio: 'numeric',
        credit_score: 'numeric',
        num_open_accounts: 'numeric',
        delinquencies_2y: 'numeric',
        employment_years: 'numeric',
        region: 'categorical',
        loan_purpose: 'categorical',
        housing: 'categorical',
      },
      reference: { source: 'file', path: DEMO_FILES.reference },
      window: { type: 'eventTime', size: '1d' },
      drift: {
        numeric: withDefaultBounds('psi'),
        categorical: withDefaultBounds('jensen_shannon'),
      },
      quality: { score: { warning: 0.8, critical: 0.5 } },
      performance: {
        task: 'classification',
        positiveLabel: 'default',
        windowSize: 2000,
        joinTtl: '45d',
        thresholds: { accuracy: { warning: 0.83, critical: 0.8 } },
      },
      persistence: { k: 2, n: 3 },
    }],
  };
}

/** A drift method with its registry thresholds written out, so the demo's config shows the bounds it runs with. */
function withDefaultBounds(method: string): { method: string; warning: number; critical: number } {
  const { warning, critical } = driftTests.require(method).thresholds;
  return { method, warning, critical };
}

/** The config as the YAML file the demo writes, with a header saying how to rerun it. */
export function demoConfigYaml(): string {
  return [
    '# driftwatch demo config: edit it and rerun with',
    `#   npx driftwatch replay --config ${DEMO_FILES.config} --events ${DEMO_FILES.events} --labels ${DEMO_FILES.labels} --report ${DEMO_FILES.report}`,
    '# (from this directory). Every key is explained in the README; unset keys take their defaults.',
    '# kafka, registry and redis are the local stack (npm run stack:up), for serve, publish and tail; replay ignores them.',
    stringify(demoConfig()),
  ].join('\n');
}
