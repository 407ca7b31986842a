import { ConfigError } from './configError.ts';
import type { DriftwatchConfig } from './configSchema.ts';

type Connection = 'kafka' | 'registry' | 'redis';

/** The config, checked to have the connection sections `command` needs; a ConfigError naming each missing one otherwise. */
export function requireConnections<K extends Connection>(config: DriftwatchConfig, file: string, command: string, sections: readonly K[]): DriftwatchConfig & Required<Pick<DriftwatchConfig, K>> {
  const missing = sections.filter((key) => config[key] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(file, missing.map((key) => ({ key, line: 1, column: 1, message: `\`${command}\` needs a '${key}' section (or its DRIFTWATCH_* environment variables)` })));
  }
  return config as DriftwatchConfig & Required<Pick<DriftwatchConfig, K>>;
}
