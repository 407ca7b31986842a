import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import type { PredictionEvent } from '../src/contracts/events.ts';
import { runCli } from './support/cliProcess.ts';
import { readJsonl, writeJsonl, writeLabelsJsonl } from './support/eventFiles.ts';
import { labelsForAccuracy } from './support/labelStream.ts';
import { predictionStream } from './support/predictionStream.ts';
import { seededRandom } from './support/random.ts';

/**
 * `driftwatch replay` on a terminal and off it: a progress bar on stderr only when stderr is a TTY (run here
 * under util-linux `script`, which gives the process a pseudo-terminal), the closing summary table on stderr
 * either way, and JSON lines on stdout or --out untouched by either.
 */

const MODEL = 'credit-risk';
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-replay-terminal-'));
const rng = seededRandom(5);
const events: PredictionEvent[] = [
  ...predictionStream(rng, { modelId: MODEL, count: 2000 }),
  ...predictionStream(rng, { modelId: MODEL, count: 1500, from: 2000, incomeShift: 1.5 }),
];
const labels = labelsForAccuracy(events, { windowSize: 250, accuracies: Array(12).fill(0.9), delayMs: 60_000 });
const files = { config: join(dir, 'driftwatch.yaml'), events: join(dir, 'events.jsonl'), labels: join(dir, 'labels.jsonl') };
writeFileSync(files.config, stringify({
  monitors: [{
    model: MODEL,
    features: { income: 'numeric', age: 'numeric', debt_ratio: 'numeric', region: 'categorical' },
    reference: { source: 'firstEvents', events: 1000 },
    window: { type: 'count', size: 500 },
    performance: { task: 'classification', positiveLabel: 'default', windowSize: 250, thresholds: { accuracy: { warning: 0.8 } } },
  }],
}));
writeJsonl(files.events, events);
writeLabelsJsonl(files.labels, labels);
const replayArgs = ['replay', '--config', files.config, '--events', files.events, '--labels', files.labels];

/** The summary table's header and rows as the replay prints them (TTY or not). */
function assertSummary(stderr: string): void {
  assert.match(stderr, /driftwatch replay: 3500 events, 3000 labels \(3000 joined, 0 orphan, 0 late\), 0 records skipped/);
  assert.match(stderr, /model\s+version\s+stream\s+windows\s+from\s+to/);
  assert.match(stderr, /credit-risk\s+v1\s+predictions\s+5\s+0 events\s+2,500 events/, '5 windows of 500, counted from the first event after the 1,000 of the reference');
  assert.match(stderr, /credit-risk\s+v1\s+labels\s+12\s+0 pairs\s+3,000 pairs/);
  assert.match(stderr, /detector\s+firing\s+critical\s+warning\s+info\s+resolved\s+features/);
  assert.match(stderr, /\n\s+drift\.psi\s+1\s+1\s+0\s+0\s+0\s+income/, 'income shifted by 1.5σ: one critical PSI episode');
  assert.match(stderr, /retraining requests: \d+/);
}

describe('driftwatch replay on a terminal', () => {
  test('with stderr not a terminal: no progress bar, the summary table on stderr, JSON lines alone on stdout', async () => {
    const result = await runCli(replayArgs);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /ETA|records \||\r|\u001b/, 'no bar, no carriage return, no escape sequence');
    assertSummary(result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 10);
    for (const line of lines) assert.ok(['window_report', 'alert', 'retrain_request'].includes((JSON.parse(line) as { type: string }).type), line.slice(0, 80));
  });

  test('on a terminal: a progress bar (records, rate, ETA) on stderr, cleared before the summary; --out gets the same JSON lines', async () => {
    const out = join(dir, 'tty.jsonl');
    const command = [process.execPath, new URL('../src/cli/main.ts', import.meta.url).pathname, ...replayArgs, '--out', out].map(shellQuote).join(' ');
    const { code, output } = await underPseudoTerminal(command, 60_000);
    assert.equal(code, 0, output);
    assert.match(output, /replay [░█]+ \d+% \| [\d,]+ of 6,500 records \| [\d,]+\/s \| ETA \S+/, 'the bar: records of the estimated total (events + labels lines), rate, ETA');
    assertSummary(output);
    assert.ok(output.lastIndexOf('ETA') < output.indexOf('driftwatch replay: 3500 events'), 'the bar comes before the summary');
    const piped = await runCli([...replayArgs, '--out', join(dir, 'piped.jsonl')]);
    assert.equal(piped.code, 0, piped.stderr);
    const strip = (file: string) => readJsonl<Record<string, unknown>>(file).map(({ created_at: _c, ...rest }) => rest);
    assert.deepEqual(strip(out), strip(join(dir, 'piped.jsonl')));
  });

  test('on a terminal with the JSON lines on it too (no --out): no bar to tear them, the summary after them', async () => {
    const command = [process.execPath, new URL('../src/cli/main.ts', import.meta.url).pathname, ...replayArgs].map(shellQuote).join(' ');
    const { code, output } = await underPseudoTerminal(command, 60_000);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /ETA|records \|/);
    assert.ok(output.includes('"type":"window_report"'));
    assertSummary(output);
  });
});

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs a shell command with a pseudo-terminal as its stdin, stdout and stderr (util-linux `script`), and returns what the terminal showed. */
function underPseudoTerminal(command: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: '160', LINES: '40' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
