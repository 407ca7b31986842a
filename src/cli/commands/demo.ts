import { join, relative, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { formatCount } from '../../detectors/common/format.ts';
import { creditRiskScenario, DEMO_DAYS } from '../../demo/creditRiskScenario.ts';
import { DEMO_FILES } from '../../demo/demoConfig.ts';
import { writeDemoFiles } from '../../demo/writeDemoFiles.ts';
import { injectedProblemsText } from '../demoSummary.ts';
import { replaySummary } from '../replaySummary.ts';
import { countsLine, replay } from './replay.ts';

export interface DemoOptions {
  out: string;
  seed: number;
}

export const DEMO_DEFAULTS = { out: 'driftwatch-demo', seed: 42 } as const;

/** --seed: a non-negative integer (commander reports the error with the option's name). */
export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

/**
 * `driftwatch demo`: generates a credit-risk model's predictions and delayed labels with four known problems
 * (creditRiskScenario), writes them with the config into --out, replays them exactly as `driftwatch replay`
 * does (same function, same engine) into outputs.jsonl and report.html, and prints what was caught.
 */
export async function demoCommand(options: DemoOptions): Promise<void> {
  const dir = resolve(options.out);
  const scenario = creditRiskScenario(options.seed);
  await writeDemoFiles(dir, scenario);
  const result = await replay({
    config: join(dir, DEMO_FILES.config),
    events: join(dir, DEMO_FILES.events),
    labels: join(dir, DEMO_FILES.labels),
    stream: 'predictions',
    out: join(dir, DEMO_FILES.outputs),
    report: join(dir, DEMO_FILES.report),
  }, 'driftwatch demo');
  const fromHere = relative(process.cwd(), dir);
  const shown = fromHere === '' ? '.' : fromHere.startsWith('..') ? dir : fromHere;
  process.stdout.write([
    `driftwatch demo (seed ${options.seed}): a credit-risk model scored ${formatCount(scenario.events.length)} loan applications over ${DEMO_DAYS} days;`,
    `${formatCount(scenario.labels.length)} outcomes arrived 30–33 days after their predictions. Replayed by the engine of \`driftwatch replay\` in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    `${countsLine('replay', result)}.`,
    '',
    'Injected problems and what caught them:',
    injectedProblemsText(scenario.problems, result.tally),
    '',
    'Windows and alerts:',
    replaySummary(result.tally),
    `Report:  ${join(dir, DEMO_FILES.report)}`,
    `Files:   ${shown}/ ${DEMO_FILES.config}, ${DEMO_FILES.reference}, ${DEMO_FILES.events}, ${DEMO_FILES.labels} (inputs), ${DEMO_FILES.outputs} (reports, alerts, retraining requests)`,
    `Rerun:   cd ${shown} && npx driftwatch replay --config ${DEMO_FILES.config} --events ${DEMO_FILES.events} --labels ${DEMO_FILES.labels} --out ${DEMO_FILES.outputs} --report ${DEMO_FILES.report}`,
    '',
  ].join('\n'));
}
