import { expect } from 'chai';
import { decodeToken, encodeToken } from '../../src/api/consistency-token.js';
import { position } from '../../src/core/position.js';

describe('consistency tokens', function () {
  it('round-trip a 64-bit position, event types and the issuing store through a URL-safe string', function () {
    const content = { storeId: 'store-1', receipt: { position: position((1n << 63n) + 5n, 7n), eventTypes: ['OrderCreated', 'OrderPaid'], stream: 'order-42' } };
    const token = encodeToken(content);
    expect(token).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeToken(token)).to.deep.equal(content);
  });

  it('reject anything this platform did not issue', function () {
    for (const bad of ['', 'not a token!', Buffer.from('{"p":1}').toString('base64url'), Buffer.from('{"p":"-3","t":[]}').toString('base64url'), Buffer.from('{"p":"3","t":[],"s":"x"}').toString('base64url'), 'e30']) {
      expect(decodeToken(bad), bad).to.equal(undefined);
    }
  });
});
