import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { castCsvCell } from './csvCell.ts';

describe('castCsvCell', () => {
  it('casts empty cells to null and true/false in any case to booleans', () => {
    assert.equal(castCsvCell(''), null);
    assert.equal(castCsvCell('true'), true);
    assert.equal(castCsvCell('False'), false);
    assert.equal(castCsvCell('TRUE'), true);
    assert.equal(castCsvCell('yes'), 'yes');
  });

  it('casts decimal numbers, signs and exponents', () => {
    for (const [raw, value] of [['0', 0], ['42', 42], ['-3.5', -3.5], ['+2', 2], ['.5', 0.5], ['1.', 1], ['0.25', 0.25], ['1e3', 1000], ['-2.5E-2', -0.025]] as const) {
      assert.equal(castCsvCell(raw), value, raw);
    }
  });

  it('keeps strings that only look numeric or would lose digits', () => {
    for (const raw of ['007', '-01', '9007199254740993', '1e999', ' 5', '5 ', '1,5', '0x1F', 'NaN', 'Infinity', '1.2.3', '-', '.']) {
      assert.equal(castCsvCell(raw), raw, raw);
    }
  });

  it('casts the largest safe integer and long decimals', () => {
    assert.equal(castCsvCell('9007199254740991'), 9007199254740991);
    assert.equal(castCsvCell('0.30000000000000004'), 0.30000000000000004);
  });
});
