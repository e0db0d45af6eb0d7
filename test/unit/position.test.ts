import { expect } from 'chai';
import { comparePositions, formatPosition, parsePosition, position } from '../../src/core/position.js';

describe('positions', function () {
  it('compare commit first, then prepare', function () {
    expect(comparePositions(position(1n, 9n), position(2n, 0n))).to.equal(-1);
    expect(comparePositions(position(2n, 1n), position(2n, 0n))).to.equal(1);
    expect(comparePositions(position(3n), position(3n, 3n))).to.equal(0);
  });

  it('travel as decimal text, past the range of JS numbers', function () {
    const far = position(18_446_744_073_709_551_615n, 18_446_744_073_709_551_600n);
    expect(parsePosition(formatPosition(far))).to.deep.equal(far);
    expect(formatPosition(position(42n))).to.equal('42');
    expect(parsePosition('42')).to.deep.equal(position(42n));
    for (const bad of ['', '-1', '1.5', '01', '18446744073709551616', '1/2/3', '1e3']) expect(parsePosition(bad), bad).to.equal(undefined);
  });
});
