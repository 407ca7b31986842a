import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompensatedSum } from './compensatedSum.ts';
import { formatCount, formatNumber } from './format.ts';
import { gcd } from './gcd.ts';
import { lowerBound } from './lowerBound.ts';
import { severityOfChange, signalled, warmupBaseline } from './series.ts';
import { InvalidOptionError, requireInteger } from './validation.ts';

describe('common helpers', () => {
  it('formatNumber: 4 significant digits, plain decimals in [1e-4, 1e7)', () => {
    assert.equal(formatNumber(0.78751), '0.7875');
    assert.equal(formatNumber(0.25), '0.25');
    assert.equal(formatNumber(1e-4), '0.0001');
    assert.equal(formatNumber(1.23456e-10), '1.235e-10');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(Number.NaN), 'NaN');
    assert.equal(formatCount(1234567), '1,234,567');
  });

  it('CompensatedSum keeps the digits a naive sum loses, and merges', () => {
    const s = new CompensatedSum();
    for (const x of [1e16, 1, -1e16, 1]) s.add(x);
    assert.equal(s.value, 2);
    const t = CompensatedSum.fromParts(...s.parts);
    t.merge(s);
    assert.equal(t.value, 4);
  });

  it('gcd and lowerBound', () => {
    assert.equal(gcd(12, 18), 6);
    assert.equal(gcd(7, 0), 7);
    assert.equal(lowerBound([1, 2, 2, 5], 2), 1);
    assert.equal(lowerBound(Float64Array.of(1, 2, 2, 5), 6), 4);
    assert.equal(lowerBound([], 1), 0);
  });

  it('series direction: severity by the adverse part of a change, and which side signals', () => {
    assert.equal(severityOfChange('decline', -0.2, 0.05, 0.1), 'critical');
    assert.equal(severityOfChange('decline', 0.2, 0.05, 0.1), 'none');
    assert.equal(severityOfChange('rise', 0.07, 0.05, 0.1), 'warning');
    assert.equal(severityOfChange('both', -0.07, 0.05, 0.1), 'warning');
    assert.equal(signalled('rise', false, true), false);
    assert.equal(signalled('both', false, true), true);
  });

  it('warmupBaseline: sample mean and sd, floored for a constant warm-up', () => {
    assert.deepEqual(warmupBaseline([1, 2, 3]), { mean: 2, sd: 1 });
    assert.ok(warmupBaseline([5, 5, 5]).sd > 0);
  });

  it('option errors name the detector, option, value and range', () => {
    assert.throws(() => requireInteger('X', 'n', 0.5, 1, 3), new InvalidOptionError('X', 'n', 0.5, 'an integer in [1, 3]'));
  });
});
