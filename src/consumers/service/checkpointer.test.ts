import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { predictionStream } from '../../../test/support/predictionStream.ts';
import { seededRandom } from '../../../test/support/random.ts';
import { configSchema } from '../../config/configSchema.ts';
import { MonitorEngine } from '../../monitor/monitorEngine.ts';
import { DriftwatchMetrics } from '../../observability/metrics.ts';
import { PartitionCheckpointStore } from '../../state/partitionCheckpointStore.ts';
import { FencedError } from '../../state/stateStoreErrors.ts';
import { Checkpointer } from './checkpointer.ts';
import { PartitionRestorer } from './partitionRestorer.ts';
import { RetryPolicy } from './retryPolicy.ts';

/** Against the shared stack's standalone Redis (DRIFTWATCH_REDIS_PORT, default 16379), under a prefix of its own. */
const redis = new Redis({ port: Number(process.env.DRIFTWATCH_REDIS_PORT ?? 16379), host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
after(() => redis.disconnect());

const config = configSchema.parse({ monitors: [{ model: 'm', window: { type: 'count', size: 50 }, reference: { source: 'firstEvents', events: 100 } }] }).monitors[0];
const events = predictionStream(seededRandom(5), { modelId: 'm', count: 120 });
const logger = pino({ level: 'silent' });

function parts(engine: MonitorEngine, checkpoints: PartitionCheckpointStore, commits: string[]) {
  const metrics = new DriftwatchMetrics();
  const retry = new RetryPolicy({ metrics, logger, isStopping: () => false, onWaitingEnd: () => undefined });
  const consumer = {
    commitOffsets: async (offsets: { offset: string }[]) => {
      // The commit comes only once the checkpoint it follows is in Redis.
      const saved = await checkpoints.load('t', 0);
      commits.push(`${offsets[0].offset} after checkpoint ${saved?.offset}`);
    },
  };
  return { restorer: new PartitionRestorer({ checkpoints, engine, logger, retry }), checkpointer: new Checkpointer({ checkpoints, engine, consumer, metrics, logger, retry }) };
}

test('the checkpointer saves then commits; the restorer claims a new epoch, restores the entries and says where to resume, fencing the old owner', async () => {
  await redis.connect();
  const checkpoints = new PartitionCheckpointStore(redis, { prefix: `test:checkpointer:${randomUUID()}:`, ttlMs: 60_000 });
  const commits: string[] = [];
  const first = new MonitorEngine({ monitors: [config], now: () => 0 });
  const one = parts(first, checkpoints, commits);
  const state = await one.restorer.restore('t', 0);
  assert.deepEqual({ offset: state.checkpointOffset, resumeAt: state.resumeAt, entries: state.entries.size }, { offset: -1, resumeAt: undefined, entries: 0 });
  for (let i = 0; i < 80; i++) first.ingest('predictions', events[i], i);
  const resolved: string[] = [];
  await one.checkpointer.saveAndCommit('t', 0, state, [state], '79', { writes: [], deletes: [] }, (o) => void resolved.push(o));
  assert.deepEqual(resolved, ['79']);
  assert.deepEqual(commits, ['80 after checkpoint 79']);
  assert.equal(state.checkpointOffset, 79);
  assert.ok(state.entries.size > 0, 'the monitor entry was saved');

  // A second owner: its epoch fences the first; its engine holds the saved entries; it reads again from where
  // the unfinished reference began (offset 0), not after the checkpoint.
  const second = new MonitorEngine({ monitors: [config], now: () => 0 });
  const two = parts(second, checkpoints, commits);
  const taken = await two.restorer.restore('t', 0);
  assert.ok(taken.epoch > state.epoch);
  assert.equal(taken.checkpointOffset, 79);
  assert.deepEqual([...taken.entries].sort(), [...state.entries].sort());
  assert.equal(taken.resumeAt, 0, 'the reference was still being collected');
  for (let i = 80; i < 90; i++) first.ingest('predictions', events[i], i);
  await assert.rejects(one.checkpointer.save('t', 0, state, [state], '89', { writes: [], deletes: [] }), FencedError);
  assert.equal((await checkpoints.load('t', 0))?.offset, '79');
});
