import { expect } from 'chai';
import WebSocket from 'ws';
import { position } from '../../src/core/position.js';
import { eventually, Receiver } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';
import { messagesOf } from './websocket-messages.js';

describe('WebSocket notifications', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  let customerId: string;
  const sockets: WebSocket[] = [];

  before(async function () {
    api = await ApiUnderTest.start('one process', { WS_HEARTBEAT_MS: '200', WS_MAX_BUFFERED_BYTES: '65536' });
    ({ customerId } = (await api.post('/api/customers', { name: 'Ana', email: 'ana@example.com' })).body as { customerId: string });
  });
  after(async function () {
    for (const socket of sockets) socket.terminate();
    await api.close();
  });

  const connect = async () => {
    const socket = new WebSocket(api.wsUrl);
    sockets.push(socket);
    const messages = new Receiver<Record<string, unknown>>(messagesOf(socket));
    await new Promise((resolve) => socket.once('open', resolve));
    return { socket, messages };
  };
  const orderWith = async (correlationId: string) =>
    (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] }, { 'x-correlation-id': correlationId })).body as { orderId: string };
  const order = async () =>
    (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] })).body as { orderId: string; correlationId: string };

  it('sends ProjectionUpdated only for what a client subscribed to', async function () {
    const { socket, messages } = await connect();
    // Subscribed before the writes (their correlation ids are ours), so that no update can outrun its subscription.
    const correlationOf = (name: string) => `ws-${name}-${Math.random().toString(36).slice(2)}`;
    const [mineId, theirsId, trackedId] = [correlationOf('mine'), correlationOf('theirs'), correlationOf('tracked')];
    socket.send(JSON.stringify({ type: 'subscribe', correlationIds: [mineId] }));
    const [ack] = await messages.take(1);
    expect(ack).to.include({ type: 'Subscribed' });
    socket.send(JSON.stringify({ type: 'subscribe', correlationIds: [trackedId] }));
    await messages.take(1);
    const tracked = await orderWith(trackedId);
    await orderWith(theirsId);
    const received: Record<string, unknown>[] = [];
    for (let next = await messages.next(1_000); next !== 'nothing'; next = await messages.next(500)) received.push(next);
    const correlations = new Set(received.map((m) => m.correlationId));
    expect(correlations.has(theirsId)).to.equal(false);
    expect(correlations.has(trackedId)).to.equal(true);
    const update = received.find((m) => m.type === 'ProjectionUpdated' && m.correlationId === trackedId)!;
    expect(update).to.include({ projection: 'OrderView' });
    expect(update.documentIds).to.deep.equal([tracked.orderId]);
    expect(update.position).to.match(/^\d+$/);
  });

  it('answers a malformed message with an error, and keeps the connection', async function () {
    const { socket, messages } = await connect();
    socket.send('{nope');
    expect((await messages.take(1))[0]).to.include({ type: 'Error' });
    socket.send(JSON.stringify({ type: 'subscribe', projections: 'OrderView' }));
    expect((await messages.take(1))[0]).to.include({ type: 'Error' });
    expect(socket.readyState).to.equal(WebSocket.OPEN);
  });

  it('drops a client that stops answering pings', async function () {
    const { socket } = await connect();
    const before = api.webSocketClients;
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(() => expect(api.webSocketClients).to.equal(before - 1), 5_000);
  });

  it('drops a client too slow to read, and goes on with the others', async function () {
    const slow = await connect();
    const healthy = await connect();
    slow.socket.send(JSON.stringify({ type: 'subscribe', projections: ['Flood'] }));
    healthy.socket.send(JSON.stringify({ type: 'subscribe', projections: ['Other'] }));
    await Promise.all([slow.messages.take(1), healthy.messages.take(1)]);
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = api.webSocketClients;
    const documentIds = Array.from({ length: 2_000 }, (_, i) => `document-${i}-${'x'.repeat(40)}`);
    const change = (projection: string, n: number) => ({
      projection,
      generation: 1,
      position: position(BigInt(n)),
      documentIds,
      correlationIds: ['c'],
      correlations: [{ correlationId: 'c', documentIds }],
    });
    // All in one turn of the event loop: no heartbeat can run, so only the buffer limit can drop it.
    for (let n = 1; n <= 300; n += 1) api.platform.notifier.publish(change('Flood', n));
    expect(api.webSocketClients).to.equal(before - 1);
    api.platform.notifier.publish(change('Other', 301));
    expect((await healthy.messages.take(1))[0]).to.include({ type: 'ProjectionUpdated', projection: 'Other' });
  });
});
