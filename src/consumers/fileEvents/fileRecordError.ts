/** A file, or one record in it, that cannot be read; `location` names the file and the line or row. */
export class FileRecordError extends Error {
  readonly location: string;
  constructor(location: string, problem: string, options?: { cause?: unknown }) {
    super(`${location}: ${problem}`, options);
    this.name = 'FileRecordError';
    this.location = location;
  }
}
