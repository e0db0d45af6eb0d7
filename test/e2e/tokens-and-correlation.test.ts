import { expect } from 'chai';
import { ApiUnderTest } from './api-under-test.js';

/** A token names the store that issued it; a correlation id is looked up in the store, not in memory. */
describe('consistency tokens and correlation ids, across stores, restarts and processes', function () {
  this.timeout(60_000);
  let api: ApiUnderTest;
  let other: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', { CONSISTENCY_TIMEOUT_MS: '5000' });
    other = await ApiUnderTest.start('one process');
  });
  after(async function () {
    await api.close();
    await other.close();
  });

  it('refuses at once, with 400, a token issued by another store', async function () {
    const { customerId, token } = (await other.post('/api/customers', { name: 'Ana', email: 'ana@example.com' })).body as { customerId: string; token: string };
    const started = Date.now();
    const response = await api.get(`/api/customers/${customerId}/orders?consistentWith=${token}&wait=true`);
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('another event store');
    expect(Date.now() - started).to.be.below(1_000);
  });

  it('refuses at once, with 400, a token of a position beyond the store’s head', async function () {
    const { token } = (await api.post('/api/customers', { name: 'Bo', email: 'bo@example.com' })).body as { token: string };
    const content = JSON.parse(Buffer.from(token, 'base64url').toString()) as { p: string };
    const forged = Buffer.from(JSON.stringify({ ...content, p: String(BigInt(content.p) + 1_000n) })).toString('base64url');
    const started = Date.now();
    const response = await api.get(`/api/orders/x?consistentWith=${forged}&wait=true`);
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('beyond the last write');
    expect(Date.now() - started).to.be.below(1_000);
  });

  it('finds the write of a correlation id after a restart, and on another API process', async function () {
    const first = await ApiUnderTest.start('one process');
    const { customerId } = (await first.post('/api/customers', { name: 'Cy', email: 'cy@example.com' })).body as { customerId: string };
    const { orderId, correlationId } = (await first.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] }, { 'x-correlation-id': 'checkout-9' }))
      .body as { orderId: string; correlationId: string };
    expect(correlationId).to.equal('checkout-9');
    const second = await first.startSecondApi();
    const elsewhere = await fetch(`${second.url}/api/orders/${orderId}?correlation=checkout-9&wait=true`);
    expect(elsewhere.status).to.equal(200);
    const { dataDir } = first.platform;
    await first.close();
    const restarted = await ApiUnderTest.start('one process', {}, { dataDir });
    try {
      const after = await restarted.get(`/api/orders/${orderId}?correlation=checkout-9&wait=true`);
      expect(after.status).to.equal(200);
      expect(after.body).to.include({ orderId });
      const unknown = await restarted.get(`/api/orders/${orderId}?correlation=never-used`);
      expect(unknown.status).to.equal(400);
    } finally {
      await restarted.close();
    }
  });
});
