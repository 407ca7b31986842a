import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { PythonRandom } from './pythonRandom.ts';

// CPython 3.11's random.Random draws (test/fixtures/peers/river/generate.py).
const { pythonRandom } = JSON.parse(readFileSync(new URL('../../../test/fixtures/peers/river/river_drift.json', import.meta.url), 'utf8')) as {
  pythonRandom: { seed: number; bits32: number[]; bits7: number[]; bits45: number[]; sample70of30: number[]; sample1000of30: number[] }[];
};

for (const expected of pythonRandom) {
  it(`seeded with ${expected.seed}, draws Python's getrandbits and sample`, () => {
    const random = new PythonRandom(expected.seed);
    assert.deepEqual(expected.bits32.map(() => random.getrandbits(32)), expected.bits32);
    assert.deepEqual(expected.bits7.map(() => random.getrandbits(7)), expected.bits7);
    assert.deepEqual(expected.bits45.map(() => random.getrandbits(45)), expected.bits45);
    assert.deepEqual(new PythonRandom(expected.seed).sampleRange(70, 30), expected.sample70of30, 'the pool branch of sample');
    assert.deepEqual(new PythonRandom(expected.seed).sampleRange(1000, 30), expected.sample1000of30, 'the set branch of sample');
  });
}

it('restored from its state, draws on as the original', () => {
  const random = new PythonRandom(7);
  random.sampleRange(70, 30);
  const { words, index } = random.state();
  const copy = PythonRandom.restore(words, index);
  assert.deepEqual(copy.sampleRange(70, 30), random.sampleRange(70, 30));
  assert.throws(() => PythonRandom.restore([1, 2], 0), RangeError);
  assert.throws(() => random.sampleRange(3, 4), /larger than population/);
});
