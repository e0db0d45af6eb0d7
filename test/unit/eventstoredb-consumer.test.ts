import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStoreDbConsumer } from '../../src/adapters/eventstoredb/eventstoredb-consumer.js';
import { EventStoreUnavailableError, PersistentSubscriptionDroppedError, PersistentSubscriptionNotFoundError } from '../../src/core/ports/event-store-errors.js';
import { rejectionOf, take, within } from '../support/async.js';
import { failures } from '../support/kurrentdb-failures.js';

/** The client's persistent subscription, as a Readable of resolved events that records what the consumer says back. */
function fakeGroup() {
  const said: { action: string; reason?: string; ids: string[] }[] = [];
  /** The client's error for the next ack or nack. */
  const failing: { next?: Error } = {};
  const fail = () => {
    const error = failing.next;
    failing.next = undefined;
    if (error) throw error;
  };
  const stream = Object.assign(new PassThrough({ objectMode: true }), {
    ack: async (...events: { event?: { id: string } }[]) => {
      fail();
      said.push({ action: 'ack', ids: events.map((e) => e.event!.id) });
    },
    nack: async (action: string, reason: string, ...events: { event?: { id: string } }[]) => {
      fail();
      said.push({ action, reason, ids: events.map((e) => e.event!.id) });
    },
    unsubscribe: async () => void said.push({ action: 'unsubscribe', ids: [] }),
  });
  const client = { subscribeToPersistentSubscriptionToAll: () => stream } as unknown as KurrentDBClient;
  const deliver = (id: string, type = 'OrderPaid', retryCount = 0, at = 10n) =>
    stream.write({
      event: { streamId: 'order-1', id, revision: 0n, type, created: new Date(0), isJson: true, data: {}, metadata: {}, position: { commit: at, prepare: at } },
      retryCount,
    });
  const startingAfter = (position: { commit: bigint; prepare: bigint }) => new EventStoreDbConsumer(client, 'OrderView-v1', 10, 'worker-a', async () => position);
  return { stream, said, failing, deliver, startingAfter, consumer: new EventStoreDbConsumer(client, 'OrderView-v1', 10, 'worker-a') };
}

describe('eventstoredb: a persistent subscription consumer', function () {
  it('delivers events with their retry count, and acks and nacks them with the client’s own events', async function () {
    const group = fakeGroup();
    group.deliver('e1');
    group.deliver('e2', 'OrderPaid', 3);
    group.deliver('e3');
    const [first, second, third] = await take(group.consumer[Symbol.asyncIterator](), 3);
    expect([first!.retryCount, second!.retryCount]).to.deep.equal([0, 3]);
    await group.consumer.ack([first!]);
    await group.consumer.nack('park', 'handler threw: boom', [second!]);
    await group.consumer.nack('retry', 'busy', [third!]);
    expect(group.said).to.deep.equal([
      { action: 'ack', ids: ['e1'] },
      { action: 'park', reason: 'handler threw: boom', ids: ['e2'] },
      { action: 'retry', reason: 'busy', ids: ['e3'] },
    ]);
  });

  it('acknowledges system events of an unfiltered group without delivering them', async function () {
    const group = fakeGroup();
    group.deliver('s1', '$metadata');
    group.deliver('e1');
    const [only] = await take(group.consumer[Symbol.asyncIterator](), 1);
    expect(only!.event.id).to.equal('e1');
    expect(group.said).to.deep.equal([{ action: 'ack', ids: ['s1'] }]);
  });

  it('starts after the group’s start position, though the server starts at it', async function () {
    const group = fakeGroup();
    const consumer = group.startingAfter({ commit: 20n, prepare: 20n });
    group.deliver('at-start', 'OrderPaid', 0, 20n);
    group.deliver('after', 'OrderPaid', 0, 30n);
    const [first] = await take(consumer[Symbol.asyncIterator](), 1);
    expect(first!.event.id).to.equal('after');
    expect(group.said).to.deep.equal([{ action: 'ack', ids: ['at-start'] }]);
  });

  it('raises PersistentSubscriptionDroppedError when the server ends it, as on a deleted group', async function () {
    const group = fakeGroup();
    const pending = group.consumer[Symbol.asyncIterator]().next();
    group.stream.end();
    expect(await rejectionOf(pending)).to.be.instanceOf(PersistentSubscriptionDroppedError).with.property('group', 'OrderView-v1');
  });

  it('raises PersistentSubscriptionNotFoundError for a group that does not exist', async function () {
    const group = fakeGroup();
    const pending = group.consumer[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the consumer connects on its first pull
    group.stream.destroy(failures.groupMissing());
    expect(await rejectionOf(pending)).to.be.instanceOf(PersistentSubscriptionNotFoundError);
  });

  it('ends quietly when closed, leaving the group', async function () {
    const group = fakeGroup();
    group.deliver('e1');
    const iterator = group.consumer[Symbol.asyncIterator]();
    await take(iterator, 1);
    await group.consumer.close();
    expect((await iterator.next()).done).to.equal(true);
    expect(group.said.at(-1)).to.deep.equal({ action: 'unsubscribe', ids: [] });
  });

  it('ends a pull that is waiting for events when closed', async function () {
    const group = fakeGroup();
    const pending = group.consumer[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the consumer connects on its first pull
    await group.consumer.close();
    expect((await within(pending, 1_000, 'the pending pull did not end')).done).to.equal(true);
  });

  it('refuses to ack or nack once closed, saying the events go to other consumers', async function () {
    const group = fakeGroup();
    group.deliver('e1');
    const [first] = await take(group.consumer[Symbol.asyncIterator](), 1);
    await group.consumer.close();
    for (const settle of [() => group.consumer.ack([first!]), () => group.consumer.nack('park', 'boom', [first!])]) {
      const error = await rejectionOf(settle());
      expect(error).to.be.instanceOf(PersistentSubscriptionDroppedError).with.property('group', 'OrderView-v1');
      expect(error.message).to.contain('closed');
    }
  });

  it('raises the port’s errors, naming the operation and the group, when the client fails an ack or a nack', async function () {
    const group = fakeGroup();
    group.deliver('e1');
    const [first] = await take(group.consumer[Symbol.asyncIterator](), 1);
    const unavailable = failures.unavailable();
    group.failing.next = unavailable;
    const ack = await rejectionOf(group.consumer.ack([first!]));
    expect(ack).to.be.instanceOf(EventStoreUnavailableError);
    expect(ack.message).to.contain('ack').and.contain('OrderView-v1');
    expect(ack.cause).to.equal(unavailable);
    group.failing.next = failures.groupDropped();
    expect(await rejectionOf(group.consumer.nack('retry', 'busy', [first!]))).to.be.instanceOf(PersistentSubscriptionDroppedError).with.property('group', 'OrderView-v1');
  });
});
