import { loadConfig } from '../../config/loadConfig.ts';

export async function validateConfigCommand(file: string): Promise<void> {
  const config = await loadConfig(file);
  const models = config.monitors.map((m) => m.model).join(', ');
  process.stdout.write(`${file}: valid (${config.monitors.length} monitor${config.monitors.length === 1 ? '' : 's'}: ${models})\n`);
}
