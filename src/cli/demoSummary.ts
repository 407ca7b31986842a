import type { InjectedProblem } from '../demo/creditRiskScenario.ts';
import type { DetectorTally, ReplayTally } from './replayTally.ts';

/** What caught an injected problem: its detectors' firing alerts on its features (or model-level ones). */
export function caughtBy(problem: InjectedProblem, tally: ReplayTally): DetectorTally[] {
  return tally.firingOf(problem.caughtBy)
    .map((d) => ({ ...d, features: d.features.filter((f) => f === '' || problem.features.includes(f)) }))
    .filter((d) => d.features.length > 0);
}

/** One line per injected problem, then the detectors that caught it with the features they named. */
export function injectedProblemsText(problems: readonly InjectedProblem[], tally: ReplayTally): string {
  return problems.map((problem) => {
    const caught = caughtBy(problem, tally);
    const by = caught.map((d) => {
      const named = d.features.filter((f) => f !== '');
      return named.length > 0 ? `${d.detector} (${named.join(', ')})` : d.detector;
    });
    return `  ${caught.length > 0 ? '✓' : '✗'} ${problem.what}\n      ${caught.length > 0 ? `caught by ${by.join(', ')}` : 'NOT caught by any detector'}`;
  }).join('\n');
}
