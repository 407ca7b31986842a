import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { ConsumerHealth, type ConsumerEvents } from './consumerHealth.ts';

/** kafkajs's own event names (from a consumer that never connects) on an emitter the test drives. */
function consumerEvents() {
  const { events } = new Kafka({ brokers: ['127.0.0.1:9'], logLevel: logLevel.NOTHING }).consumer({ groupId: 'health-test' });
  const emitter = new EventEmitter();
  const consumer = { events, on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener) } as unknown as ConsumerEvents;
  const emit = (name: keyof typeof events, payload: unknown = {}) => emitter.emit(events[name], { id: 0, type: events[name], timestamp: 0, payload });
  return { consumer, emit };
}

function tracked(probe?: ConstructorParameters<typeof ConsumerHealth>[1]['probe']) {
  let now = 0;
  const waiting: boolean[] = [];
  const { consumer, emit } = consumerEvents();
  const health = new ConsumerHealth(consumer, { staleAfterMs: 6000, now: () => now, onWaitingChange: (w) => waiting.push(w), probe });
  return { health, emit, waiting, advance: (ms: number) => (now += ms) };
}

test('ready only as a member of the group; starting and rebalancing are not ready', () => {
  const { health, emit } = tracked();
  assert.match(health.notReadyReason()!, /joining its group/);
  emit('CONNECT');
  assert.match(health.notReadyReason()!, /joining its group/);
  emit('GROUP_JOIN', { memberAssignment: { t: [0, 1] } });
  assert.equal(health.notReadyReason(), undefined);
  emit('REBALANCING');
  assert.match(health.notReadyReason()!, /rebalancing/);
  emit('GROUP_JOIN', { memberAssignment: {} });
  assert.equal(health.notReadyReason(), undefined, 'a member without partitions is a healthy standby');
});

test('a crash kafkajs restarts from is not ready and waits for Kafka until the consumer has joined again', () => {
  const { health, emit, waiting } = tracked();
  emit('GROUP_JOIN', { memberAssignment: { t: [0] } });
  emit('STOP');
  emit('DISCONNECT');
  emit('CRASH', { error: new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092'), restart: true });
  assert.equal(health.notReadyReason(), 'the Kafka consumer crashed (Connection error: connect ECONNREFUSED 127.0.0.1:19092); kafkajs is restarting it');
  assert.equal(health.waitingForKafka, true);
  emit('CONNECT');
  assert.match(health.notReadyReason()!, /joining/);
  emit('GROUP_JOIN', { memberAssignment: { t: [0] } });
  assert.equal(health.notReadyReason(), undefined);
  assert.deepEqual(waiting, [false, true, false], 'driftwatch_paused{dependency="kafka"} went to 1 during the restart and back to 0');
});

test('a crash for good and a stopped consumer are not ready, and not waiting for Kafka', () => {
  const { health, emit } = tracked();
  emit('GROUP_JOIN', { memberAssignment: { t: [0] } });
  emit('CRASH', { error: new Error('bad session timeout'), restart: false });
  assert.equal(health.notReadyReason(), 'the Kafka consumer crashed for good (bad session timeout)');
  assert.equal(health.waitingForKafka, false);
  const other = tracked();
  other.emit('GROUP_JOIN', { memberAssignment: { t: [0] } });
  other.emit('DISCONNECT');
  assert.equal(other.health.notReadyReason(), 'the Kafka consumer is stopped');
});

test('a member out of touch with the coordinator for a session timeout is not ready and waits for Kafka; any contact ends it', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const { health, emit, advance, waiting } = tracked();
  health.watch(1000);
  emit('GROUP_JOIN', { memberAssignment: { t: [0] } });
  advance(5000);
  emit('FETCH');
  advance(6000);
  t.mock.timers.tick(1000);
  assert.equal(health.notReadyReason(), undefined, 'contact 6 s ago: still within the session timeout');
  emit('REQUEST_TIMEOUT', { apiName: 'Fetch', broker: '127.0.0.1:19092' });
  advance(1000);
  assert.deepEqual(waiting, [false], 'nothing noticed between two checks');
  t.mock.timers.tick(1000);
  assert.deepEqual(waiting, [false, true], 'the periodic check notices the silence');
  assert.equal(health.notReadyReason(), 'no contact with the Kafka group coordinator for 7 s (Fetch to 127.0.0.1:19092 timed out)');
  emit('HEARTBEAT');
  assert.equal(health.notReadyReason(), undefined);
  assert.deepEqual(waiting, [false, true, false]);
  advance(6500);
  emit('COMMIT_OFFSETS');
  assert.equal(health.notReadyReason(), undefined);
  health.close();
});

test('a quiet member probes its coordinator: no answer, a group it is not in, or a group not stable is not ready at once', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  let answer: () => Promise<{ state: string; members: { memberId: string }[] }> = () => new Promise(() => undefined);
  let probes = 0;
  const { health, emit, advance } = tracked(() => {
    probes++;
    return answer();
  });
  health.watch(1000);
  emit('GROUP_JOIN', { memberId: 'me', memberAssignment: { t: [0] } });
  advance(2000);
  t.mock.timers.tick(1000);
  assert.equal(probes, 0, 'no probe while contact is recent');
  advance(1000);
  t.mock.timers.tick(1000);
  assert.equal(probes, 1, 'quiet for 3 s: one probe');
  assert.equal(health.notReadyReason(), undefined, 'ready until the probe times out');
  t.mock.timers.tick(1000);
  t.mock.timers.tick(1000);
  assert.equal(health.notReadyReason(), 'the Kafka group coordinator does not answer (no answer within 2000 ms)');
  assert.equal(health.waitingForKafka, true);
  advance(5000);
  t.mock.timers.tick(1000);
  assert.equal(probes, 1, 'no second probe while the first is unanswered');
  emit('FETCH');
  assert.equal(health.notReadyReason(), undefined, 'any contact ends it');

  const second = tracked(() => Promise.resolve({ state: 'Stable', members: [{ memberId: 'someone-else' }] }));
  second.health.watch(1000);
  second.emit('GROUP_JOIN', { memberId: 'me', memberAssignment: { t: [0] } });
  second.advance(3000);
  t.mock.timers.tick(1000);
  await flush();
  assert.equal(second.health.notReadyReason(), 'this consumer is no longer a member of its group (group Stable): it lost its assignment');
  second.emit('GROUP_JOIN', { memberId: 'me-again', memberAssignment: { t: [0] } });
  assert.equal(second.health.notReadyReason(), undefined, 'joined again');

  const rebalancing = tracked(() => Promise.resolve({ state: 'PreparingRebalance', members: [{ memberId: 'me' }] }));
  rebalancing.health.watch(1000);
  rebalancing.emit('GROUP_JOIN', { memberId: 'me', memberAssignment: { t: [0] } });
  rebalancing.advance(3000);
  t.mock.timers.tick(1000);
  await flush();
  assert.equal(rebalancing.health.notReadyReason(), 'the Kafka consumer group is PreparingRebalance');
  rebalancing.health.close();

  const third = tracked(() => Promise.resolve({ state: 'Stable', members: [{ memberId: 'me' }] }));
  third.health.watch(1000);
  third.emit('GROUP_JOIN', { memberId: 'me', memberAssignment: { t: [0] } });
  for (let i = 0; i < 10; i++) {
    third.advance(1000);
    t.mock.timers.tick(1000);
    await flush();
  }
  assert.equal(third.health.notReadyReason(), undefined, 'a coordinator that answers counts as contact: 10 s without events is not stale');
  for (const h of [health, second.health, third.health]) h.close();
});
