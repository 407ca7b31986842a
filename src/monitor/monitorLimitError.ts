import { EventRejectedError } from './eventRejectedError.ts';

/**
 * The process already holds `state.maxMonitors` monitors and none of this model's versions could be
 * retired to make room: the event that would create a new monitor is refused, unapplied. Serve
 * dead-letters it as `limit` (as every EventRejectedError), so it can be replayed once the limit is raised or monitors retire.
 */
export class MonitorLimitError extends EventRejectedError {
  readonly modelId: string;

  constructor(modelId: string, modelVersion: string, stream: string, limit: number) {
    super(`${stream} of model ${modelId} version ${modelVersion}: this process already holds ${limit} monitors (state.maxMonitors); `
      + 'the event is not applied: raise state.maxMonitors, lower maxVersions, or spread the models over more instances');
    this.name = 'MonitorLimitError';
    this.modelId = modelId;
  }
}
