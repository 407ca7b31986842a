import { SchemaType, type SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { avroContract, type ContractName } from '../contracts/avroContracts.ts';
import { valueSubject } from './registryClient.ts';
import { registryErrorStatus } from './registryErrors.ts';

export interface ContractRegistration {
  contract: ContractName;
  topic: string;
  subject: string;
  id: number;
}

/**
 * Registers each contract's schema under `<topic>-value` and returns the ids; registering the same schema again is a no-op.
 * Processes starting together may register a new subject at once: the client registers, then sets the subject's
 * compatibility, and the registry refuses every such update but the first (409, "a rule already exists"). The
 * schema is registered by then, so one more register() sees the subject's rule and only returns the id.
 */
export async function registerContracts(
  registry: SchemaRegistry,
  topics: { contract: ContractName; topic: string }[],
): Promise<ContractRegistration[]> {
  const registrations: ContractRegistration[] = [];
  for (const { contract, topic } of topics) {
    const subject = valueSubject(topic);
    const register = () => registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(avroContract(contract)) }, { subject });
    const { id } = await register().catch((error: unknown) => {
      if (registryErrorStatus(error) !== 409) throw error;
      return register();
    });
    registrations.push({ contract, topic, subject, id });
  }
  return registrations;
}
