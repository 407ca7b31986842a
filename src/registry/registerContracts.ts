import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { avroContract, type ContractName } from '../contracts/avroContracts.ts';
import { valueSubject } from './registryClient.ts';

export interface ContractRegistration {
  contract: ContractName;
  topic: string;
  subject: string;
  id: number;
}

/** Registers each contract's schema under `<topic>-value` and returns the ids; registering the same schema again is a no-op. */
export async function registerContracts(
  registry: SchemaRegistry,
  topics: { contract: ContractName; topic: string }[],
): Promise<ContractRegistration[]> {
  const registrations: ContractRegistration[] = [];
  for (const { contract, topic } of topics) {
    const subject = valueSubject(topic);
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(avroContract(contract)) },
      { subject },
    );
    registrations.push({ contract, topic, subject, id });
  }
  return registrations;
}
