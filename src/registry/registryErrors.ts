/** The registry has no schema with this id: the message can never be decoded, so it goes to the dead-letter topic. */
export class UnknownSchemaError extends Error {
  readonly schemaId: number;
  constructor(schemaId: number) {
    super(`schema id ${schemaId} is not in the schema registry`);
    this.name = 'UnknownSchemaError';
    this.schemaId = schemaId;
  }
}

/** The registry could not be reached or answered with a server error: retry later, never skip the message. */
export class RegistryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`schema registry unavailable: ${message}`, options);
    this.name = 'RegistryUnavailableError';
  }
}

/** HTTP status of an error thrown by the registry client, if it carries one. */
export function registryErrorStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}
