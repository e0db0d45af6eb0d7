import { expect } from 'chai';
import WebSocket from 'ws';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { PLATFORM_CONFIGURATIONS, POSTGRES_EVENTS_CONFIGURATION, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION, type PlatformConfiguration } from '../engines/platform-configurations.js';
import { ApiUnderTest, type Topology } from './api-under-test.js';

/**
 * The seed's exercise 4 tests, as written there, over HTTP. Projections are slowed down for
 * real: live batches wait 300 ms for more events, so "not ready yet" is not a race.
 */
describeEachEngine('the seed\'s exercise 4', [...PLATFORM_CONFIGURATIONS, POSTGRES_EVENTS_CONFIGURATION, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION], (engine: string, configuration: PlatformConfiguration) => {
 for (const topology of ['one process', 'serve + worker processes'] as Topology[]) {
  describe(`${engine}: Eventual Consistency Handling (seed exercise 4), ${topology}`, function () {
    this.timeout(30_000);
    let api: ApiUnderTest;
    let customerId: string;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    before(async function () {
      api = await ApiUnderTest.start(topology, { ...configuration(), PROJECTIONS_BATCH_WAIT_MS: '300' });
      ({ customerId } = (await api.post('/api/customers', { name: 'Ana Pérez', email: 'ana@example.com' })).body as { customerId: string });
    });

    after(async function () {
      await api.close();
    });

    const createOrder = async () => {
      const response = await api.post('/api/orders', { customerId, items: [{ productId: 'cust-123', quantity: 1, unitPrice: 9.99 }] });
      expect(response.status).to.equal(202);
      return response.body as { orderId: string; correlationId: string; token: string; status: string; links: { self: string; status: string } };
    };

    it('should return 202 when projection not ready', async function () {
      const { orderId, correlationId } = await createOrder();

      // Immediate query (projection not ready)
      const response = await api.get(`/api/orders/${orderId}?correlation=${correlationId}`);

      expect(response.status).to.equal(202);
      expect(response.body.status).to.equal('PROCESSING');
      expect(response.headers.get('retry-after')).to.equal('1');
    });

    it('should wait for projection with wait=true', async function () {
      const { orderId, correlationId } = await createOrder();

      // Query with wait
      const response = await api.get(`/api/orders/${orderId}?correlation=${correlationId}&wait=true`);

      expect(response.status).to.equal(200);
      expect(response.body.orderId).to.equal(orderId);
      expect(response.body).to.include({ customerName: 'Ana Pérez', customerEmail: 'ana@example.com', status: 'PENDING', total: 9.99 });
    });

    it('should notify via WebSocket when projection complete', async function () {
      // The broadcast carries every order that turns visible, and OrderView is partitioned, so an
      // earlier test's order may arrive first: like the seed's OrderClient, wait for this write's
      // correlation id, and check that every message on the way is an OrderViewUpdated.
      const ws = new WebSocket(api.wsUrl);
      await new Promise((resolve) => ws.once('open', resolve));
      const seen: Record<string, unknown>[] = [];
      let expected: string | undefined;
      let resolveOwn: (message: Record<string, unknown>) => void;
      const own = new Promise<Record<string, unknown>>((resolve) => (resolveOwn = resolve));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        seen.push(message);
        if (expected !== undefined && message.correlationId === expected) resolveOwn(message);
      });

      const { orderId, correlationId } = await createOrder();
      expected = correlationId;
      const early = seen.find((message) => message.correlationId === correlationId);
      if (early) resolveOwn!(early);

      const received = await own;
      expect(received).to.deep.equal({ type: 'OrderViewUpdated', correlationId, orderId });
      for (const message of seen) expect(message.type).to.equal('OrderViewUpdated');
      ws.close();
    });

    it('returns the order after polling (frontend strategy 1)', async function () {
      const { orderId, correlationId } = await createOrder();
      let order: Record<string, unknown> | undefined;
      for (let attempt = 0; attempt < 10 && !order; attempt += 1) {
        await sleep(100);
        const response = await api.get(`/api/orders/${orderId}?correlation=${correlationId}`);
        if (response.status === 200) order = response.body;
        else expect(response.status).to.equal(202);
      }
      expect(order?.orderId).to.equal(orderId);
    });

    it('lists the customer’s orders, newest first, once the token’s write is visible', async function () {
      const { orderId, token } = await createOrder();
      const response = await api.get(`/api/customers/${customerId}/orders?wait=true`, { 'x-consistent-with': token });
      expect(response.status).to.equal(200);
      const orders = response.body.documents as { orderId: string }[];
      expect(orders[0]!.orderId).to.equal(orderId);
      expect(response.body.total).to.equal(orders.length);
    });

    it('answers 404 only once the write is visible', async function () {
      const { token } = await createOrder();
      const response = await api.get(`/api/orders/no-such-order?consistentWith=${token}&wait=true`);
      expect(response.status).to.equal(404);
      expect(response.headers.get('content-type')).to.contain('application/problem+json');
    });
  });
}
});
