import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DriftwatchMetrics, type BoundUsage } from './metrics.ts';

test('every observed bound is exposed with its size, limit and evictions; evictions only ever count up', async () => {
  const metrics = new DriftwatchMetrics();
  let usage: BoundUsage[] = [{ bound: 'monitors', size: 3, limit: 10, evictions: 2 }];
  metrics.observeBounds(() => usage);
  metrics.observeBounds(() => [{ bound: 'schema_cache', size: 1, limit: 1000, evictions: 0 }]);
  let text = await metrics.exposition();
  assert.match(text, /driftwatch_state_bound_size\{bound="monitors"\} 3/);
  assert.match(text, /driftwatch_state_bound_limit\{bound="monitors"\} 10/);
  assert.match(text, /driftwatch_state_bound_evictions_total\{bound="monitors"\} 2/);
  assert.match(text, /driftwatch_state_bound_size\{bound="schema_cache"\} 1/);
  assert.match(text, /driftwatch_state_bound_evictions_total\{bound="schema_cache"\} 0/);
  assert.match(text, /# TYPE driftwatch_state_bound_evictions_total counter/);
  usage = [{ bound: 'monitors', size: 5, limit: 10, evictions: 7 }];
  text = await metrics.exposition();
  assert.match(text, /driftwatch_state_bound_size\{bound="monitors"\} 5/);
  assert.match(text, /driftwatch_state_bound_evictions_total\{bound="monitors"\} 7/);
});
