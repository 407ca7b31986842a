import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidOptionError } from '../common/validation.ts';
import { Persistence } from './persistence.ts';

describe('Persistence', () => {
  it('fires when 2 of the last 3 windows breached', () => {
    const p = new Persistence();
    const fired = [true, false, false, true, false, true, true, false, false].map((b) => p.update(b));
    assert.deepEqual(fired, [false, false, false, false, false, true, true, true, false]);
  });

  it('supports n up to 32 and round-trips through bytes', () => {
    const p = new Persistence({ k: 30, n: 32 });
    for (let i = 0; i < 31; i++) p.update(i !== 3);
    assert.equal(p.breaches, 30);
    assert.ok(p.firing);
    const restored = Persistence.fromBytes(p.toBytes());
    assert.equal(restored.breaches, 30);
    p.update(false);
    restored.update(false);
    assert.equal(restored.firing, p.firing);
  });

  it('rejects k > n', () => {
    assert.throws(() => new Persistence({ k: 4, n: 3 }), InvalidOptionError);
  });
});
