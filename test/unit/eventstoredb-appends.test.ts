import { expect } from 'chai';
import { EventStoreDbEventStore } from '../../src/adapters/eventstoredb/eventstoredb-event-store.js';
import type { EventStore } from '../../src/core/ports/event-store.js';
import { EventStoreUnavailableError, EventTooLargeError, IdempotencyKeyInUseError, WrongExpectedRevisionError } from '../../src/core/ports/event-store-errors.js';
import { rejectionOf } from '../support/async.js';
import { FakeKurrentDB } from '../support/fake-kurrentdb.js';
import { failures } from '../support/kurrentdb-failures.js';

describe('eventstoredb: appends through the adapter, on a stand-in server', function () {
  let server: FakeKurrentDB;
  let store: EventStore;
  beforeEach(function () {
    server = new FakeKurrentDB();
    store = new EventStoreDbEventStore({ url: 'kurrentdb://stand-in:2113?tls=false', client: server.client, maxEventBytes: 1_000 });
  });

  it('appends at each kind of expected revision and answers with the next revision and the position', async function () {
    const created = await store.appendToStream('order-1', [{ type: 'OrderCreated', data: {} }], { expectedRevision: 'no_stream' });
    expect(created.nextExpectedRevision).to.equal(0n);
    await store.appendToStream('order-1', [{ type: 'OrderPaid', data: {} }], { expectedRevision: 0n });
    await store.appendToStream('order-1', [{ type: 'OrderShipped', data: {} }], { expectedRevision: 'stream_exists' });
    const last = await store.appendToStream('order-1', [{ type: 'OrderClosed', data: {} }]);
    expect(last.nextExpectedRevision).to.equal(3n);
    expect(last.position).to.deep.equal(server.events('order-1')[3]!.position);
  });

  it('refuses a stale revision with WrongExpectedRevisionError carrying the expected and the actual revision', async function () {
    await store.appendToStream('order-1', [{ type: 'A', data: {} }, { type: 'B', data: {} }]);
    const stale = await rejectionOf(store.appendToStream('order-1', [{ type: 'C', data: {} }], { expectedRevision: 0n }));
    expect(stale).to.be.instanceOf(WrongExpectedRevisionError).and.include({ stream: 'order-1', expected: 0n, actual: 1n });
    const exists = await rejectionOf(store.appendToStream('order-1', [{ type: 'C', data: {} }], { expectedRevision: 'no_stream' }));
    expect(exists).to.include({ expected: 'no_stream', actual: 1n });
    const missing = await rejectionOf(store.appendToStream('order-2', [{ type: 'C', data: {} }], { expectedRevision: 'stream_exists' }));
    expect(missing).to.include({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('passes event ids through, so that a repeated append is the server’s no-op with the first position', async function () {
    const events = [{ id: '1b4e28ba-2fa1-4d2e-9c6a-3f5c2a1e0b11', type: 'A', data: {} }];
    const first = await store.appendToStream('order-1', events, { expectedRevision: 'no_stream' });
    const again = await store.appendToStream('order-1', events, { expectedRevision: 'no_stream' });
    expect(again).to.deep.equal(first);
    expect(server.events('order-1').map((e) => e.id)).to.deep.equal([events[0]!.id]);
  });

  it('writes $correlationId and $causationId as strings, for $by_correlation_id', async function () {
    await store.appendToStream('order-1', [{ type: 'A', data: {}, metadata: { $correlationId: 'c-1', $causationId: 42, user: 'ana' } }]);
    expect(server.events('order-1')[0]!.metadata).to.deep.equal({ $correlationId: 'c-1', $causationId: '42', user: 'ana' });
  });

  it('refuses an event over the size limit before sending anything', async function () {
    const error = await rejectionOf(store.appendToStream('order-1', [{ type: 'Big', data: { text: 'x'.repeat(2_000) } }]));
    expect(error).to.be.instanceOf(EventTooLargeError);
    expect(server.appends).to.equal(0);
  });

  it('raises EventStoreUnavailableError, keeping the client’s error, when the server cannot be reached', async function () {
    const refused = failures.refusedOnAppend();
    server.failNext(refused);
    const error = await rejectionOf(store.appendToStream('order-1', [{ type: 'A', data: {} }]));
    expect(error).to.be.instanceOf(EventStoreUnavailableError);
    expect(error.cause).to.equal(refused);
    expect(error.message).to.contain('ECONNREFUSED');
  });

  it('records an idempotency key with its append, and refuses the key’s second use', async function () {
    const record = { key: 'k-1', fingerprint: 'f', outcome: { id: 'order-1' }, expiresAt: new Date(Date.now() + 60_000) };
    const result = await store.appendToStream('order-1', [{ type: 'A', data: {} }], { idempotency: record });
    expect((await store.findIdempotency('k-1'))?.position).to.deep.equal(result.position);
    expect(await rejectionOf(store.appendToStream('order-2', [{ type: 'A', data: {} }], { idempotency: record }))).to.be.instanceOf(IdempotencyKeyInUseError);
    expect(server.events('order-2')).to.deep.equal([]);
  });

  it('answers the head of $all with the last event that is not a system event', async function () {
    expect(await store.headPosition()).to.equal(undefined);
    const record = { key: 'k-1', fingerprint: 'f', outcome: {}, expiresAt: new Date(Date.now() + 60_000) };
    const appended = await store.appendToStream('order-1', [{ type: 'A', data: {} }], { idempotency: record });
    // The key's `recorded` event, and a stream's metadata, come after it in $all.
    await server.appendToStream('$$order-1', [{ type: '$metadata', data: { $maxAge: 60 } }]);
    expect(server.events('order-1')).to.have.length(1);
    expect(await store.headPosition()).to.deep.equal(appended.position);
  });

  it('reads a stream forwards and backwards, and a missing stream as empty', async function () {
    await store.appendToStream('order-1', [0, 1, 2].map((n) => ({ type: 'N', data: { n } })));
    const ns = async (options: Parameters<EventStore['readStream']>[1]) => (await store.readStream('order-1', options)).map((e) => (e.data as { n: number }).n);
    expect(await ns({})).to.deep.equal([0, 1, 2]);
    expect(await ns({ direction: 'backwards', maxCount: 2 })).to.deep.equal([2, 1]);
    expect(await ns({ fromRevision: 1n })).to.deep.equal([1, 2]);
    expect(await store.readStream('nothing-here')).to.deep.equal([]);
  });
});
