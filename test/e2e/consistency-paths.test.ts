import { expect } from 'chai';
import { encodeToken } from '../../src/api/consistency-token.js';
import { eventually } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';

describe('read-your-writes: the paths that are not 200', function () {
  this.timeout(30_000);
  let api: ApiUnderTest | undefined;
  afterEach(async function () {
    await api?.close();
    api = undefined;
  });

  const registerCustomer = async (target: ApiUnderTest) =>
    (await target.post('/api/customers', { name: 'Ana', email: 'ana@example.com' })).body as { customerId: string; token: string; correlationId: string };

  it('answers 408 with error, message and retryAfter when the write is not visible in time', async function () {
    api = await ApiUnderTest.start('serve + worker processes', { CONSISTENCY_TIMEOUT_MS: '200' }, { startWorker: false });
    const { customerId } = await registerCustomer(api);
    const order = (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] })).body as { orderId: string; token: string };
    const started = Date.now();
    const response = await api.get(`/api/orders/${order.orderId}?consistentWith=${order.token}&wait=true`);
    expect(response.status).to.equal(408);
    expect(response.body).to.include({ error: 'Timeout', retryAfter: 1 });
    expect(response.body.message).to.be.a('string');
    expect(response.headers.get('retry-after')).to.equal('1');
    expect(Date.now() - started).to.be.at.least(190);
    await api.startWorker();
    const later = await api.get(`/api/orders/${order.orderId}?consistentWith=${order.token}&wait=true`);
    expect(later.status).to.equal(200);
  });

  it('waits only for the projections that handle one of the write’s event types', async function () {
    api = await ApiUnderTest.start('one process', { PROJECTIONS_BATCH_WAIT_MS: '3000' });
    const { customerId, token } = await registerCustomer(api);
    const order = (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] })).body as { token: string };
    const started = Date.now();
    // OrderView handles OrderCreated, and is holding it in a 3 s batch; it never sees CustomerRegistered.
    expect((await api.get(`/api/orders/missing?consistentWith=${order.token}`)).status).to.equal(202);
    expect((await api.get(`/api/orders/missing?consistentWith=${token}&wait=true`)).status).to.equal(404);
    expect(Date.now() - started).to.be.below(2_000);
  });

  it('ends the wait at once, naming the event and the error, when a projection parked the write', async function () {
    api = await ApiUnderTest.start('one process');
    const orphan = await api.platform.eventStore.appendToStream('article-ghost', [
      { type: 'ArticleLiked', data: { articleId: 'ghost', userId: 'u1', likedAt: new Date().toISOString() }, metadata: { $correlationId: 'c-ghost' } },
    ]);
    const token = encodeToken({ storeId: await api.platform.eventStore.storeId(), receipt: { position: orphan.position, eventTypes: ['ArticleLiked'], stream: 'article-ghost' } });
    await eventually(async () => expect((await api!.platform.generations.parked('AuthorStatsView')).length).to.equal(1));
    const response = await api.get(`/api/authors/someone/stats?consistentWith=${token}&wait=true`);
    expect(response.status).to.equal(500);
    expect(response.body.detail).to.contain('AuthorStatsView set aside ArticleLiked').and.contain('liked before it was published');
    expect(response.body.parkedEvent).to.include({ type: 'ArticleLiked', stream: 'article-ghost' });
  });

  it('refuses a token it did not issue, and a correlation id it does not know', async function () {
    api = await ApiUnderTest.start('one process');
    const forged = await api.get('/api/orders/x?consistentWith=bm90LWEtdG9rZW4');
    expect(forged.status).to.equal(400);
    expect(forged.body).to.include({ field: 'consistentWith' });
    const unknown = await api.get('/api/orders/x?correlation=never-seen');
    expect(unknown.status).to.equal(400);
    expect(unknown.body).to.include({ field: 'correlation' });
  });

  it('reports a projection’s lag in events and in the age of the oldest event it has still to apply', async function () {
    api = await ApiUnderTest.start('serve + worker processes');
    const { customerId } = await registerCustomer(api);
    const first = (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] })).body as { orderId: string; token: string };
    expect((await api.get(`/api/orders/${first.orderId}?consistentWith=${first.token}&wait=true`)).status).to.equal(200);
    // The read waited for the order's partition only: let OrderView's other partitions pass it too.
    await eventually(async () => expect(((await api!.get('/api/projections/OrderView')).body.generations as { lag: { events: number } }[])[0]!.lag.events).to.equal(0), 10_000);
    await api.killWorker();
    for (let i = 0; i < 3; i += 1) await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { body } = await api.get('/api/projections/OrderView');
    const [live] = body.generations as { lag: { events: number; ms: number } }[];
    expect(live!.lag.events).to.equal(3);
    expect(live!.lag.ms).to.be.at.least(350);
  });

  it('honours X-Correlation-Id, puts it on the events, and echoes it', async function () {
    api = await ApiUnderTest.start('one process');
    const response = await api.post('/api/customers', { name: 'Bo', email: 'bo@example.com' }, { 'x-correlation-id': 'checkout-77' });
    expect(response.headers.get('x-correlation-id')).to.equal('checkout-77');
    expect(response.body.correlationId).to.equal('checkout-77');
    const [event] = await api.platform.eventStore.readStream(`customer-${response.body.customerId as string}`);
    expect(event!.metadata.$correlationId).to.equal('checkout-77');
    const generated = await api.post('/api/customers', { name: 'Cy', email: 'cy@example.com' });
    expect(generated.headers.get('x-correlation-id')).to.match(/^[0-9a-f-]{36}$/);
    const bad = await api.post('/api/customers', { name: 'Di', email: 'di@example.com' }, { 'x-correlation-id': 'has spaces' });
    expect(bad.status).to.equal(400);
  });

  it('streams the order as a Server-Sent Event once visible, or a timeout event', async function () {
    api = await ApiUnderTest.start('serve + worker processes', { STREAM_TIMEOUT_MS: '300' }, { startWorker: false });
    const { customerId } = await registerCustomer(api);
    const order = (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 2, unitPrice: 3 }] })).body as { orderId: string; correlationId: string; token: string };
    const timedOut = await (await fetch(`${api.url}/api/orders/${order.orderId}/stream?correlation=${order.correlationId}`)).text();
    expect(timedOut).to.match(/^event: timeout\ndata: /);
    await api.startWorker();
    const response = await fetch(`${api.url}/api/orders/${order.orderId}/stream?correlation=${order.correlationId}`);
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const text = await response.text();
    expect(text.startsWith('data: ')).to.equal(true);
    expect(JSON.parse(text.slice(6).trim())).to.include({ orderId: order.orderId, total: 6 });
    const general = await (await fetch(`${api.url}/api/stream?consistentWith=${order.token}`)).text();
    expect(general).to.contain('event: visible').and.contain('"projections":["OrderView"]');
  });
});
