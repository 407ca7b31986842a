import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configSchema } from '../config/configSchema.ts';
import { JoinAdmission } from './joinAdmission.ts';
import { sampledForJoin } from './joinSampling.ts';
import { entryKey, MonitorEngine } from './monitorEngine.ts';

const HOUR = 3_600_000;

describe('label-join cap (performance.maxPendingJoins)', () => {
  test('at most maxPending records are admitted within any joinTtl; room comes back as they expire', () => {
    const admission = new JoinAdmission(16 * HOUR, 100);
    let admitted = 0;
    for (let i = 0; i < 250; i++) if (admission.admit(i * 1000)) admitted++;
    assert.equal(admitted, 100);
    assert.equal(admission.refused, 150);
    assert.equal(admission.pending(250_000), 100);
    // Nothing written in the last joinTtl (+ one slice, erring on the side of refusing): room again.
    assert.equal(admission.admit(16 * HOUR + 500_000), false, 'within a slice of their expiry they are still counted');
    assert.equal(admission.admit(17 * HOUR), true, 'written at most 250 s after 0, all expired by 16 h 250 s');
    assert.equal(admission.pending(17 * HOUR), 1);
  });

  test('its counts survive a restart, also under another joinTtl', () => {
    const admission = new JoinAdmission(16 * HOUR, 10);
    for (let i = 0; i < 10; i++) admission.admit(i);
    const restored = JoinAdmission.fromBytes(admission.toBytes(), 16 * HOUR, 10);
    assert.equal(restored.admit(20), false);
    const longer = JoinAdmission.fromBytes(admission.toBytes(), 32 * HOUR, 10);
    assert.equal(longer.pending(20), 10);
  });
});

describe('label-join sampling (performance.sampleRate)', () => {
  test('deterministic by event id, near the rate, and agreed by prediction and label', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `event-${i}`);
    const kept = ids.filter((id) => sampledForJoin(id, 0.1));
    assert.ok(Math.abs(kept.length / ids.length - 0.1) < 0.01, `kept ${kept.length}`);
    assert.deepEqual(ids.filter((id) => sampledForJoin(id, 0.1)), kept, 'the same ids every time');
    assert.ok(kept.every((id) => sampledForJoin(id, 0.5)), 'a higher rate keeps a superset');
    assert.ok(ids.every((id) => sampledForJoin(id, 1)));
  });

  test('the engine keeps only sampled predictions and calls the other labels unsampled', () => {
    const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 10 }, performance: { task: 'classification', sampleRate: 0.25, maxPendingJoins: 1000 } }] }).monitors[0];
    const engine = new MonitorEngine({ monitors: [config], now: () => 0 });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const id = `e${i}`;
      const kept = engine.admitJoin('m', id);
      assert.equal(kept, sampledForJoin(id, 0.25));
      const { outcome } = engine.ingestLabel({ event_id: id, model_id: 'm', timestamp: 1, label: '1' }, kept ? { modelVersion: 'v', timestamp: 0, score: 0.9, label: '1' } : undefined, i);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    assert.deepEqual([...outcomes.keys()].sort(), ['joined', 'unsampled']);
    const pending = engine.bounds().find((b) => b.bound === 'pending_label_joins')!;
    assert.equal(pending.size, outcomes.get('joined'));
    assert.ok(engine.takeDirty().includes(entryKey('joins', 'm', '')), 'the counts are saved with the checkpoint');
  });
});

describe('label-join records are compact', () => {
  test('a record is 24 bytes plus its model version and predicted label, and holds nothing else', async () => {
    const { encodeJoinRecord, decodeJoinRecord } = await import('../state/joinRecord.ts');
    const record = { modelVersion: 'v12', timestamp: 1_767_225_600_000, score: 0.73, label: 'default' };
    const bytes = encodeJoinRecord(record);
    assert.equal(bytes.length, 24 + 'v12'.length + 'default'.length);
    assert.deepEqual(decodeJoinRecord(bytes), record);
  });
});
