/** The first events of a model version do not make a usable reference (e.g. a configured numeric feature never has a finite value). */
export class ReferenceBuildError extends Error {
  constructor(modelId: string, modelVersion: string, events: number, cause: unknown) {
    super(`model ${modelId} version ${modelVersion}: the reference cannot be built from its first ${events} events (${(cause as Error)?.message ?? String(cause)}); check monitors[].features against what the events carry`, { cause });
    this.name = 'ReferenceBuildError';
  }
}
