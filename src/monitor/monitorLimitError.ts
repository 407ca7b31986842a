/**
 * The process already holds `state.maxMonitors` monitors and none of this model's versions could be
 * retired to make room: the event that would create a new monitor is refused, unapplied. The service
 * dead-letters it as `limit`, so it can be replayed once the limit is raised or monitors retire.
 */
export class MonitorLimitError extends Error {
  readonly modelId: string;

  constructor(modelId: string, modelVersion: string, stream: string, limit: number) {
    super(`${stream} of model ${modelId} version ${modelVersion}: this process already holds ${limit} monitors (state.maxMonitors); `
      + 'the event is not applied: raise state.maxMonitors, lower maxVersions, or spread the models over more instances');
    this.name = 'MonitorLimitError';
    this.modelId = modelId;
  }
}
