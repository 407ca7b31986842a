import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from '../../config/configError.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import { tlsFileProblems } from '../../config/tlsFiles.ts';

/** Validates the file, and that every reference file it names can be read. */
export async function validateConfigCommand(file: string): Promise<void> {
  const config = await loadConfig(file);
  const problems: ConfigProblem[] = [];
  for (const [i, monitor] of config.monitors.entries()) {
    if (monitor.reference.source !== 'file') continue;
    const path = resolve(dirname(file), monitor.reference.path);
    try {
      await access(path);
    } catch {
      problems.push({ key: `monitors[${i}].reference.path`, line: 0, column: 0, message: `cannot read ${path}` });
    }
  }
  problems.push(...tlsFileProblems(config));
  if (problems.length > 0) throw new ConfigError(file, problems);
  const models = config.monitors.map((m) => m.model).join(', ');
  process.stdout.write(`${file}: valid (${config.monitors.length} monitor${config.monitors.length === 1 ? '' : 's'}: ${models})\n`);
}
