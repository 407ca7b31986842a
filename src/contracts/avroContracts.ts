import { readFileSync } from 'node:fs';

/**
 * The Avro contracts in the package's schemas/ folder, the source of truth for every topic's payload.
 * Read once, synchronously, at first use.
 */
export const contractNames = ['PredictionEvent', 'FeatureEvent', 'LabelEvent', 'Alert', 'WindowReport', 'RetrainRequest', 'DeadLetter'] as const;
export type ContractName = (typeof contractNames)[number];

const schemasDir = new URL('../../schemas/', import.meta.url);
const cache = new Map<ContractName, AvroRecordSchema>();

export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  fields: { name: string; type: unknown; default?: unknown; doc?: string }[];
  doc?: string;
}

export function avroContract(name: ContractName): AvroRecordSchema {
  let schema = cache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`${name}.avsc`, schemasDir), 'utf8')) as AvroRecordSchema;
    cache.set(name, schema);
  }
  return schema;
}
