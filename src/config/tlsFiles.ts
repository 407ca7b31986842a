import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from './configError.ts';
import type { DriftwatchConfig } from './configSchema.ts';

/** A `tls` (or `kafka.ssl`) section of the config: PEM file paths and whether to verify the server. */
export interface TlsFilesConfig {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/** The files read, as Node's tls.connect() takes them. */
export interface TlsFileContents {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

/** A TLS file named in the config cannot be read: says which option and which path. */
export class TlsFileError extends Error {
  readonly option: string;
  readonly path: string;

  constructor(option: string, path: string, cause: unknown) {
    super(`${option}: cannot read ${path} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'TlsFileError';
    this.option = option;
    this.path = path;
  }
}

const FILE_KEYS = ['ca', 'cert', 'key'] as const;

/** Reads the section's files; `option` is its config path (e.g. `kafka.ssl`), named by the error of a missing file. */
export function readTlsFiles(tls: TlsFilesConfig, option: string): TlsFileContents {
  const out: TlsFileContents = { rejectUnauthorized: tls.rejectUnauthorized };
  for (const key of FILE_KEYS) {
    const path = tls[key];
    if (path === undefined) continue;
    try {
      out[key] = readFileSync(path);
    } catch (error) {
      throw new TlsFileError(`${option}.${key}`, path, error);
    }
  }
  return out;
}

/** Every TLS section of the config with its option path. */
export function tlsSections(config: DriftwatchConfig): { option: string; tls: TlsFilesConfig }[] {
  const out: { option: string; tls: TlsFilesConfig }[] = [];
  if (config.kafka && typeof config.kafka.ssl === 'object') out.push({ option: 'kafka.ssl', tls: config.kafka.ssl });
  if (config.registry?.tls) out.push({ option: 'registry.tls', tls: config.registry.tls });
  if (config.redis?.tls) out.push({ option: 'redis.tls', tls: config.redis.tls });
  return out;
}

/** Makes the sections' relative paths relative to the config file's directory, in place. */
export function resolveTlsPaths(config: DriftwatchConfig, configFile: string): void {
  const base = dirname(resolve(configFile));
  for (const { tls } of tlsSections(config)) {
    for (const key of FILE_KEYS) {
      const path = tls[key];
      if (path !== undefined && !isAbsolute(path)) tls[key] = resolve(base, path);
    }
  }
}

/** The unreadable files of every section, each naming its option (for validate-config and serve's start). */
export function tlsFileProblems(config: DriftwatchConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const { option, tls } of tlsSections(config)) {
    try {
      readTlsFiles(tls, option);
    } catch (error) {
      if (!(error instanceof TlsFileError)) throw error;
      problems.push({ key: error.option, line: 0, column: 0, message: `cannot read ${error.path} (${(error.cause as Error).message})` });
    }
  }
  return problems;
}
