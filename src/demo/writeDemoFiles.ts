import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { CreditRiskScenario } from './creditRiskScenario.ts';
import { DEMO_FILES, demoConfigYaml } from './demoConfig.ts';

/** Writes the scenario's reference, events and labels (JSONL) and the config into `dir`, so `driftwatch replay` can rerun them. */
export async function writeDemoFiles(dir: string, scenario: CreditRiskScenario): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, DEMO_FILES.config), demoConfigYaml());
  await writeJsonl(join(dir, DEMO_FILES.reference), scenario.reference);
  await writeJsonl(join(dir, DEMO_FILES.events), scenario.events);
  await writeJsonl(join(dir, DEMO_FILES.labels), scenario.labels);
}

async function writeJsonl(path: string, records: readonly unknown[]): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 1000;
  for (let i = 0; i < records.length; i += chunk) {
    const text = records.slice(i, i + chunk).map((r) => `${JSON.stringify(r)}\n`).join('');
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}
