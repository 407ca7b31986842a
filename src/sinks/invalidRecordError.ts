/** A record that does not fit its Avro contract: names the contract and each offending field path. */
export class InvalidRecordError extends Error {
  readonly contract: string;
  readonly paths: readonly string[];
  constructor(contract: string, problems: readonly { path: string; value: unknown }[]) {
    super(`not a valid ${contract}: ${problems.map((p) => `${p.path || '(record)'} = ${describe(p.value)}`).join('; ')}`);
    this.name = 'InvalidRecordError';
    this.contract = contract;
    this.paths = problems.map((p) => p.path);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
