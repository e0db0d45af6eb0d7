import { expect } from 'chai';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStoreDbEventStore } from '../../src/adapters/eventstoredb/eventstoredb-event-store.js';
import { streamOfKey } from '../../src/adapters/eventstoredb/idempotency-streams.js';
import type { Aggregate } from '../../src/core/commands/aggregate.js';
import { commandContext } from '../../src/core/commands/command-context.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import type { IdempotencyRecord } from '../../src/core/ports/idempotency.js';
import { eventually } from '../support/async.js';
import { FakeKurrentDB } from '../support/fake-kurrentdb.js';

/** A cart's item count: adding an item is decided the same whatever the cart holds, so a repeat would show. */
const cart: Aggregate<number> = { initialState: () => 0, evolve: (items, event) => (event.type === 'ItemAdded' ? items + 1 : items) };
const addTwoItems = () => [{ type: 'ItemAdded', data: { sku: 'a' } }, { type: 'ItemAdded', data: { sku: 'b' } }];

/** The server as a process sees it that dies after its append: its write of the key's `recorded` never returns. */
function dyingBeforeItsRecord(server: FakeKurrentDB): KurrentDBClient {
  return {
    appendToStream: (stream: string, events: unknown, options: unknown) =>
      (events as { data?: { state?: string } }).data?.state === 'recorded' ? new Promise(() => undefined) : server.appendToStream(stream, events as never, options as never),
    readStream: (stream: string, options: unknown) => server.readStream(stream, options as never),
    dispose: async () => undefined,
  } as unknown as KurrentDBClient;
}

/** Runs `retry` as a process would that starts `ms` later. */
async function later<T>(ms: number, retry: () => Promise<T>): Promise<T> {
  const now = Date.now;
  Date.now = () => now() + ms;
  try {
    return await retry();
  } finally {
    Date.now = now;
  }
}

describe('eventstoredb: a command retried under its idempotency key', function () {
  it('appends its events once when the first attempt died between its append and its record', async function () {
    const server = new FakeKurrentDB();
    const record: IdempotencyRecord = { key: 'req-1', fingerprint: 'POST /carts/cart-1/items {a,b}', outcome: { id: 'cart-1' }, expiresAt: new Date(Date.now() + 3_600_000) };
    const dying = new CommandHandler(new EventStoreDbEventStore({ url: 'kurrentdb://stand-in:2113?tls=false', client: dyingBeforeItsRecord(server) }));
    void dying.handle('cart-1', cart, addTwoItems, commandContext(undefined, record));
    await eventually(() => expect(server.events('cart-1')).to.have.length(2));
    const first = server.events('cart-1')[1]!.position;
    expect(server.events(streamOfKey('req-1')).map((e) => (e.data as { state: string }).state)).to.deep.equal(['claimed']);

    // The client's retry reaches another process once the dead claim's lease ran out; it reloads the cart (now two items) and decides again.
    const store = new EventStoreDbEventStore({ url: 'kurrentdb://stand-in:2113?tls=false', client: server.client });
    const retried = await later(60_000, () => new CommandHandler(store).handle('cart-1', cart, addTwoItems, commandContext(undefined, record)));

    expect(server.events('cart-1')).to.have.length(2);
    expect(retried.position).to.deep.equal(first);
    expect((await store.findIdempotency('req-1'))?.position).to.deep.equal(first);
  });
});
