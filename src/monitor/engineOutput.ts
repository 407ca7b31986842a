import type { AlertRecord } from '../contracts/events.ts';
import type { RetrainRequestRecord, WindowReportRecord } from '../contracts/reports.ts';

/** What the engine hands to the sinks after an input: closed windows' reports, alert transitions, retraining requests. */
export interface EngineOutput {
  reports: WindowReportRecord[];
  alerts: AlertRecord[];
  retrainRequests: RetrainRequestRecord[];
}

export function emptyOutput(): EngineOutput {
  return { reports: [], alerts: [], retrainRequests: [] };
}

export function appendOutput(into: EngineOutput, more: EngineOutput): EngineOutput {
  into.reports.push(...more.reports);
  into.alerts.push(...more.alerts);
  into.retrainRequests.push(...more.retrainRequests);
  return into;
}
