import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { close, loadFixture } from '../../../test/fixtures/stats/fixtures.ts';
import { jensenShannon } from './jensenShannon.ts';

const fixture = loadFixture<{ name: string; reference: number[]; current: number[]; base2: number; natural: number }>('jensenshannon_units.json');

// Evidently's jensenshannon stat test calls scipy.spatial.distance.jensenshannon without `base`: natural log.
describe(`Jensen–Shannon units: driftwatch's base-2 distance × √ln 2 is scipy ${fixture.versions.scipy}'s natural-log distance (Evidently's)`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const base2 = jensenShannon(c.reference, c.current);
      assert.ok(close(base2, c.base2, 1e-12), `${base2} vs scipy base=2 ${c.base2}`);
      assert.ok(close(base2 * Math.sqrt(Math.LN2), c.natural, 1e-12), `${base2 * Math.sqrt(Math.LN2)} vs scipy natural ${c.natural}`);
    });
  }

  it("a 0.1 bound in base 2 is a 0.0833 bound in Evidently's units: driftwatch's warning fires where Evidently's 0.1 does not", () => {
    const c = fixture.cases.find((x) => x.base2 >= 0.1 && x.natural < 0.1)!;
    assert.ok(c, 'the fixture has a case between the two bounds');
    assert.ok(jensenShannon(c.reference, c.current) >= 0.1);
    assert.ok(Math.abs(0.1 * Math.sqrt(Math.LN2) - 0.08326) < 1e-5);
    assert.ok(Math.abs(1 / Math.sqrt(Math.LN2) - 1.2011) < 1e-4);
  });
});
