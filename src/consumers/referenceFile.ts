import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { ConfigError } from '../config/configError.ts';

/** A monitor's reference file must be readable: a ConfigError naming `monitors[i].reference.path` and the resolved path otherwise. */
export async function requireReferenceFile(configFile: string, monitorIndex: number, path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? (error as Error).message})`;
    throw new ConfigError(configFile, [{ key: `monitors[${monitorIndex}].reference.path`, line: 0, column: 0, message: `${problem}: ${path} (relative paths are from the config file's folder)` }]);
  }
}
