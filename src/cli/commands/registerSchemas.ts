import { loadConfig } from '../../config/loadConfig.ts';
import { ConfigError } from '../../config/configError.ts';
import { createRegistryClient } from '../../registry/registryClient.ts';
import { registerContracts } from '../../registry/registerContracts.ts';

/** Registers every contract under `<topic>-value` for the topics of the config and prints subject → id. */
export async function registerSchemasCommand(configFile: string): Promise<void> {
  const config = await loadConfig(configFile);
  if (!config.registry) throw new ConfigError(configFile, [{ key: 'registry', line: 1, column: 1, message: "registering schemas needs a 'registry' section (or DRIFTWATCH_REGISTRY_URL)" }]);
  const { topics } = config;
  const registrations = await registerContracts(createRegistryClient(config.registry), [
    { contract: 'PredictionEvent', topic: topics.predictions },
    { contract: 'FeatureEvent', topic: topics.features },
    { contract: 'LabelEvent', topic: topics.labels },
    { contract: 'Alert', topic: topics.alerts },
    { contract: 'WindowReport', topic: topics.windows },
    { contract: 'RetrainRequest', topic: topics.retrain },
    { contract: 'DeadLetter', topic: topics.deadLetter },
  ]);
  for (const r of registrations) process.stdout.write(`${r.subject}\t${r.contract}\tid ${r.id}\n`);
}
