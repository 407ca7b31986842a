import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../test/support/random.ts';
import { CategoricalReference } from '../reference/categoricalReference.ts';
import { chiSquareTest, jensenShannon } from '../stats/index.ts';
import { chiSquareOfWindow, jensenShannonOfWindow } from './categoricalStatistics.ts';
import { CategoricalWindowState, OTHER_UNSEEN } from './categoricalWindowState.ts';
import { ReferenceMismatchError } from './errors.ts';

const categories = ['red', 'green', 'blue', 'black'];
const r = seededRandom(42);
const reference = Array.from({ length: 5000 }, () => r.pick(categories, [4, 3, 2, 1]));
const current = Array.from({ length: 800 }, () => r.pick([...categories, 'white', 'pink'], [3, 3, 2, 1, 0.5, 0.2]));
const ref = CategoricalReference.fromValues(reference);

function windowOf(values: Iterable<string | null>, maxUnseenCategories?: number): CategoricalWindowState {
  const w = new CategoricalWindowState(ref, { maxUnseenCategories });
  for (const v of values) w.update(v);
  return w;
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('CategoricalWindowState', () => {
  it('chi-square and Jensen–Shannon equal the batch functions on raw counts, unseen categories included', () => {
    const w = windowOf(current);
    const batch = chiSquareTest(tally(reference), tally(current));
    const mine = chiSquareOfWindow(ref, w);
    assert.equal(mine.statistic, batch.statistic);
    assert.equal(mine.pValue, batch.pValue);
    assert.equal(mine.dof, batch.dof);
    const all = [...categories, 'white', 'pink'];
    const js = jensenShannon(all.map((c) => tally(reference)[c] ?? 0), all.map((c) => tally(current)[c] ?? 0));
    assert.ok(Math.abs(jensenShannonOfWindow(ref, w) - js) < 1e-12);
  });

  it('unseen share and missing values', () => {
    const w = windowOf(['red', 'white', null, 'white', 'pink']);
    assert.equal(w.count, 4);
    assert.equal(w.missing, 1);
    assert.equal(w.unseenCount, 3);
    assert.equal(w.unseenShare, 0.75);
    assert.deepEqual(w.countsByCategory(), { black: 0, blue: 0, green: 0, red: 1, white: 2, pink: 1 });
  });

  it('caps the unseen categories it names; the rest go under OTHER_UNSEEN', () => {
    const w = windowOf(Array.from({ length: 50 }, (_, i) => `new-${i % 20}`), 5);
    assert.equal(w.unseen.size, 6);
    assert.equal(w.unseenCount, 50);
    assert.equal(w.unseen.get(OTHER_UNSEEN), 50 - 5 * 3);
  });

  it('merge equals one window over both parts; bytes round-trip', () => {
    const whole = windowOf(current);
    const merged = windowOf(current.slice(0, 300)).merge(windowOf(current.slice(300)));
    assert.deepEqual(merged.countsByCategory(), whole.countsByCategory());
    assert.equal(merged.unseenCount, whole.unseenCount);
    const copy = CategoricalWindowState.fromBytes(whole.toBytes(), ref);
    assert.deepEqual(copy.countsByCategory(), whole.countsByCategory());
    assert.equal(copy.unseenShare, whole.unseenShare);
    assert.throws(() => CategoricalWindowState.fromBytes(whole.toBytes(), CategoricalReference.fromValues(['x'])), ReferenceMismatchError);
  });
});
