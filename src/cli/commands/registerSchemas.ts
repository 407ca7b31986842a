import { loadConfig } from '../../config/loadConfig.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { registerContracts } from '../../registry/registerContracts.ts';

/** Registers every contract under `<topic>-value` for the topics of the config and prints subject → id. */
export async function registerSchemasCommand(configFile: string): Promise<void> {
  const config = await loadConfig(configFile);
  const { topics } = config;
  const registrations = await registerContracts(createRegistryClient(config.registry), [
    { contract: 'PredictionEvent', topic: topics.predictions },
    { contract: 'FeatureEvent', topic: topics.features },
    { contract: 'LabelEvent', topic: topics.labels },
    { contract: 'Alert', topic: topics.alerts },
    { contract: 'DeadLetter', topic: topics.deadLetter },
  ]);
  for (const r of registrations) process.stdout.write(`${r.subject}\t${r.contract}\tid ${r.id}\n`);
}
