/**
 * Imports point one way: config imports nothing of the running parts, detectors import nothing of ours
 * outside src/detectors. Checked on every import and export-from line of the product code (tests may use
 * test support).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = dirname(fileURLToPath(import.meta.url));

/** What each layer may import from inside src/ (packages and node: modules are always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  config: ['config', 'detectors', 'contracts'],
  detectors: ['detectors'],
};

const SPECIFIER = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Relative specifiers of a file's imports, each as the top-level folder of src/ it reaches (or 'outside src'). */
function importedLayers(file: string, text: string): { specifier: string; layer: string }[] {
  const out: { specifier: string; layer: string }[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), specifier));
    out.push({ specifier, layer: target.startsWith('..') ? 'outside src' : target.split(/[\\/]/)[0] });
  }
  return out;
}

describe('import direction', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`src/${layer} imports only from ${allowed.map((a) => `src/${a}`).join(', ')} and packages`, () => {
      const files = productFiles(join(src, layer));
      assert.ok(files.length > 3, `src/${layer} has product files`);
      const wrong = files.flatMap((file) =>
        importedLayers(file, readFileSync(file, 'utf8'))
          .filter((i) => !allowed.includes(i.layer))
          .map((i) => `${relative(src, file)} imports '${i.specifier}' (src/${i.layer})`));
      assert.deepEqual(wrong, []);
    });
  }

  it('sees every form of import it checks', () => {
    const file = join(src, 'config', 'example.ts');
    const text = [
      "import { a } from '../consumers/a.ts';",
      "import type { B } from '../monitor/b.ts';",
      "export { c } from '../sinks/c.ts';",
      "export type { D } from './d.ts';",
      "import '../state/e.ts';",
      "const f = await import('../notify/f.ts');",
      "import {\n  g,\n  h,\n} from '../cli/g.ts';",
      "import { z } from 'zod';",
    ].join('\n');
    assert.deepEqual(importedLayers(file, text).map((i) => i.layer), ['consumers', 'monitor', 'sinks', 'config', 'state', 'notify', 'cli']);
  });
});
