/** The command line is wrong (a missing file, a bad option value): names the option; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
