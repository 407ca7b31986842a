import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import { configSchema } from '../config/configSchema.ts';
import { CategoryHasher } from './categoryHasher.ts';
import { MonitorEngine } from './monitorEngine.ts';

const SECRET = 'sixteen-chars-or-more';

describe('privacy.hashCategories', () => {
  test('names and string values become h: + 128 bits of HMAC-SHA256; readable features stay as they are', () => {
    const hasher = new CategoryHasher({ secret: SECRET, readableFeatures: ['age'], memoEntries: 2 });
    const h = (text: string) => `h:${createHmac('sha256', SECRET).update(text).digest('hex').slice(0, 32)}`;
    const hashed = hasher.event({ event_id: 'e', model_id: 'm', model_version: 'v', timestamp: 0, features: { region: 'north', income: 5, age: 'young', flag: true, none: null }, prediction: { score: 1, label: 'x', probabilities: null }, latency_ms: null, attributes: {} } as never);
    assert.deepEqual(hashed.features, { [h('region')]: h('north'), [h('income')]: 5, age: 'young', [h('flag')]: true, [h('none')]: null });
    assert.equal(hasher.hash('north'), h('north'));
    assert.ok(hasher.memoSize <= 2, 'the memo is bounded');
    assert.ok(hasher.memoEvictions >= 4, `${hasher.memoEvictions} evictions counted`);
    assert.notEqual(new CategoryHasher({ secret: `${SECRET}!`, readableFeatures: [], memoEntries: 2 }).hash('north'), h('north'), 'another secret, another hash');
  });

  test('no category or feature name reaches the saved state or the outputs; the statistics are those of the readable run', () => {
    const monitor = { model: 'credit-risk', reference: { source: 'firstEvents', events: 500 }, window: { type: 'count', size: 250 }, features: { income: 'numeric', region: 'categorical' } };
    const plain = configSchema.parse({ monitors: [monitor] });
    const hashed = configSchema.parse({ monitors: [monitor], privacy: { hashCategories: true, secret: SECRET, readableFeatures: ['income'] } });
    const rng = seededRandom(4);
    const events = [...predictionStream(rng, { modelId: 'credit-risk', count: 1000 }), ...predictionStream(rng, { modelId: 'credit-risk', count: 10, from: 1000 }).map((e) => ({ ...e, features: { ...e.features, region: 'atlantis-unseen' } }))];
    const run = (config: typeof plain) => {
      const engine = new MonitorEngine({ monitors: config.monitors, privacy: config.privacy, now: () => 0 });
      const reports = events.flatMap((e, i) => engine.ingest('predictions', e, i).reports);
      const state = engine.takeDirty().map((key) => `${key}${engine.snapshot(key)!.toString('latin1')}`).join('\n');
      return { reports, state };
    };
    const readable = run(plain);
    const secret = run(hashed);
    for (const text of ['north', 'south', 'east', 'west', 'atlantis-unseen', 'region']) {
      assert.ok(readable.state.includes(text) || readable.reports.some((r) => JSON.stringify(r).includes(text)), `${text} is in the readable run (the check can fail)`);
      assert.ok(!secret.state.includes(text), `${text} is not in the saved state`);
      assert.ok(!JSON.stringify(secret.reports).includes(text), `${text} is not in the outputs`);
    }
    assert.ok(JSON.stringify(secret.reports).includes('income'), 'a readable feature keeps its name');
    assert.equal(secret.reports.length, readable.reports.length);
    const metrics = (r: (typeof readable.reports)[number]) => r.features.map((f) => JSON.stringify(f.metrics)).sort();
    assert.deepEqual(secret.reports.map(metrics), readable.reports.map(metrics), 'hashing renames, it changes no number');
  });
});
