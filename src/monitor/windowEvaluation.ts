import type { Finding, WindowBounds } from '../detectors/finding.ts';

/** What a model's monitor reports when one of its windows closes: every finding of every detector on it. */
export interface WindowEvaluation {
  modelId: string;
  modelVersion: string;
  window: WindowBounds;
  findings: Finding[];
}
