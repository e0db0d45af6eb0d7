import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { EventData } from '../../src/core/events.js';
import type { EventStore } from '../../src/core/ports/event-store.js';
import {
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionNotFoundError,
} from '../../src/core/ports/event-store-errors.js';
import type { PersistentEvent, PersistentSubscription, PersistentSubscriptionSettings } from '../../src/core/ports/persistent-subscriptions.js';
import { comparePositions } from '../../src/core/position.js';
import { eventually, Receiver, rejectionOf } from '../support/async.js';
import type { EventStoreFixture } from './event-store.contract.js';

/** The PersistentSubscriptions port's contract: groups to `$all`, as EventStoreDB has them. */
export function persistentSubscriptionsContract(engine: string, fixture: EventStoreFixture): void {
  describe(`${engine}: PersistentSubscriptions`, function () {
    let store: EventStore;
    let ns: string;
    let group: string;
    const consumers: PersistentSubscription[] = [];
    const type = (name: string) => `${ns}.${name}`;
    const event = (name: string, data: EventData['data'] = {}): EventData => ({ type: type(name), data });
    const filter = () => ({ prefixes: [`${ns}.`] });
    /** Settings that make the group act at once: checkpoints on every ack, short timeouts. */
    const fast: Partial<PersistentSubscriptionSettings> = {
      startFrom: 'start',
      checkpointAfterMs: 0,
      checkpointLowerBound: 1,
      checkpointUpperBound: 1,
      messageTimeoutMs: 10_000,
    };
    const connect = (options: { bufferSize?: number; name?: string } = {}) => {
      const consumer = store.persistentSubscriptions.subscribe(group, options);
      consumers.push(consumer);
      return consumer;
    };
    const names = (events: PersistentEvent[]) => events.map((e) => e.event.type.slice(ns.length + 1));
    const appendTicks = (stream: string, count: number, name = 'Tick') =>
      store.appendToStream(`${stream}-${ns}`, Array.from({ length: count }, (_, i) => event(name, { i })));

    beforeEach(async function () {
      ns = randomUUID().slice(0, 8);
      group = `group-${ns}`;
      store = await fixture.open({ maxEventBytes: 64 * 1024 });
    });

    afterEach(async function () {
      await Promise.all(consumers.splice(0).map((c) => c.close().catch(() => undefined)));
      await store.persistentSubscriptions.delete(group).catch(() => undefined);
      await store.close();
    });

    describe('groups', function () {
      it('leaves no consumer behind when one closes while it joins', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        await Promise.all(Array.from({ length: 5 }, () => connect().close()));
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.deep.equal([]));
        // Still none once every join has settled: a consumer stored after its close would be renewed forever.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect((await store.persistentSubscriptions.info(group)).consumers).to.deep.equal([]);
      });

      it('creates a group once, shows it, updates its settings and deletes it', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, maxRetryCount: 3 }, filter());
        const duplicate = await rejectionOf(store.persistentSubscriptions.create(group, fast, filter()));
        expect(duplicate).to.be.instanceOf(PersistentSubscriptionExistsError);
        const info = await store.persistentSubscriptions.info(group);
        expect(info.settings.maxRetryCount).to.equal(3);
        expect(info.filter).to.deep.equal(filter());
        expect((await store.persistentSubscriptions.list()).map((g) => g.group)).to.include(group);
        await store.persistentSubscriptions.update(group, { maxRetryCount: 5, consumerStrategy: 'Pinned' });
        const updated = await store.persistentSubscriptions.info(group);
        expect(updated.settings).to.include({ maxRetryCount: 5, consumerStrategy: 'Pinned' });
        await store.persistentSubscriptions.delete(group);
        expect(await rejectionOf(store.persistentSubscriptions.info(group))).to.be.instanceOf(PersistentSubscriptionNotFoundError);
      });

      it('starts from the start, the end, or after a position', async function () {
        await appendTicks('early', 2, 'Early');
        const middle = await appendTicks('middle', 1, 'Middle');
        await store.persistentSubscriptions.create(group, { ...fast, startFrom: 'end' }, filter());
        await store.persistentSubscriptions.create(`${group}-start`, fast, filter());
        await store.persistentSubscriptions.create(`${group}-pos`, { ...fast, startFrom: middle.position }, filter());
        await appendTicks('late', 1, 'Late');
        const fromEnd = await new Receiver(connect()).take(1);
        expect(names(fromEnd)).to.deep.equal(['Late']);
        const fromStart = store.persistentSubscriptions.subscribe(`${group}-start`, { bufferSize: 10 });
        const fromPosition = store.persistentSubscriptions.subscribe(`${group}-pos`, { bufferSize: 10 });
        consumers.push(fromStart, fromPosition);
        expect(names(await new Receiver(fromStart).take(4))).to.deep.equal(['Early', 'Early', 'Middle', 'Late']);
        expect(names(await new Receiver(fromPosition).take(1))).to.deep.equal(['Late']);
        await fromStart.close();
        await fromPosition.close();
        await store.persistentSubscriptions.delete(`${group}-start`);
        await store.persistentSubscriptions.delete(`${group}-pos`);
      });

      it('refuses a consumer for a group that does not exist', async function () {
        const consumer = connect();
        const error = await rejectionOf(consumer[Symbol.asyncIterator]().next());
        expect(error).to.be.instanceOf(PersistentSubscriptionNotFoundError);
      });

      it('refuses consumers beyond maxSubscriberCount', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, maxSubscriberCount: 1 }, filter());
        connect();
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(1));
        const error = await rejectionOf(connect()[Symbol.asyncIterator]().next());
        expect(error).to.be.instanceOf(MaximumSubscribersReachedError);
      });

      it('drops connected consumers when the group is deleted', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        const consumer = connect();
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(1));
        const pending = consumer[Symbol.asyncIterator]().next();
        await store.persistentSubscriptions.delete(group);
        expect(await rejectionOf(pending)).to.be.instanceOf(PersistentSubscriptionDroppedError);
      });
    });

    describe('delivery', function () {
      it('delivers events, and moves the checkpoint as they are acknowledged', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        const last = await appendTicks('s', 5);
        const consumer = connect({ bufferSize: 10 });
        const received = await new Receiver(consumer).take(5);
        expect(received.map((e) => (e.event.data as { i: number }).i)).to.deep.equal([0, 1, 2, 3, 4]);
        expect(received.every((e) => e.retryCount === 0)).to.equal(true);
        await consumer.ack(received);
        await eventually(async () => {
          const info = await store.persistentSubscriptions.info(group);
          expect(info.checkpoint && comparePositions(info.checkpoint, last.position)).to.be.at.least(0);
          expect(info.inFlightCount).to.equal(0);
        });
      });

      it('never holds more unacknowledged events for a consumer than its buffer', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        await appendTicks('s', 5);
        const consumer = connect({ bufferSize: 2 });
        const iterator = new Receiver(consumer);
        const firstTwo = await iterator.take(2);
        expect(await iterator.next(200)).to.equal('nothing');
        await consumer.ack(firstTwo);
        const next = await iterator.take(1);
        expect(next[0]!.event.data).to.deep.equal({ i: 2 });
      });

      it('redelivers on nack retry with a higher retry count, and parks past maxRetryCount', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, maxRetryCount: 1 }, filter());
        await appendTicks('s', 1, 'Poison');
        const consumer = connect();
        const iterator = new Receiver(consumer);
        const [first] = await iterator.take(1);
        expect(first!.retryCount).to.equal(0);
        await consumer.nack('retry', 'handler failed', [first!]);
        const [second] = await iterator.take(1);
        expect(second!.retryCount).to.equal(1);
        await consumer.nack('retry', 'handler failed again', [second!]);
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).parkedCount).to.equal(1));
        const [parked] = await store.persistentSubscriptions.listParked(group);
        expect(parked!.event.id).to.equal(first!.event.id);
        expect(parked!.reason).to.contain('handler failed again');
      });

      it('parks on request, lists the parked event, and replays it once', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        await appendTicks('s', 2);
        const consumer = connect();
        const iterator = new Receiver(consumer);
        const [poison, healthy] = await iterator.take(2);
        await consumer.nack('park', 'cannot apply', [poison!]);
        await consumer.ack([healthy!]);
        const parked = await store.persistentSubscriptions.listParked(group);
        expect(parked.map((p) => [p.event.id, p.reason])).to.deep.equal([[poison!.event.id, 'cannot apply']]);
        expect((await store.persistentSubscriptions.info(group)).parkedCount).to.equal(1);
        expect(await store.persistentSubscriptions.replayParked(group)).to.equal(1);
        const [replayed] = await iterator.take(1);
        expect(replayed!.event.id).to.equal(poison!.event.id);
        await consumer.ack([replayed!]);
        await eventually(async () => {
          const info = await store.persistentSubscriptions.info(group);
          expect([info.parkedCount, info.inFlightCount]).to.deep.equal([0, 0]);
        });
        expect(await iterator.next(200)).to.equal('nothing');
      });

      it('does not redeliver a skipped event', async function () {
        await store.persistentSubscriptions.create(group, fast, filter());
        await appendTicks('s', 2);
        const consumer = connect();
        const iterator = new Receiver(consumer);
        const [skipped, kept] = await iterator.take(2);
        await consumer.nack('skip', 'not interesting', [skipped!]);
        await consumer.ack([kept!]);
        expect(await iterator.next(200)).to.equal('nothing');
        expect((await store.persistentSubscriptions.info(group)).parkedCount).to.equal(0);
      });

      it('redelivers an event that was not acknowledged within the message timeout', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, messageTimeoutMs: 300 }, filter());
        await appendTicks('s', 1);
        const consumer = connect();
        const iterator = new Receiver(consumer);
        const [first] = await iterator.take(1);
        const [again] = await iterator.take(1, 5_000);
        expect(again!.event.id).to.equal(first!.event.id);
        expect(again!.retryCount).to.equal(1);
      });
    });

    describe('consumers', function () {
      it('gives a dead consumer’s unacknowledged events to the next consumer', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, consumerStrategy: 'DispatchToSingle' }, filter());
        await appendTicks('s', 4);
        const doomed = connect({ bufferSize: 10, name: 'doomed' });
        const received = await new Receiver(doomed).take(4);
        await doomed.ack(received.slice(0, 2));
        const survivor = connect({ bufferSize: 10, name: 'survivor' });
        await doomed.close();
        const redelivered = await new Receiver(survivor).take(2);
        expect(redelivered.map((e) => e.event.id)).to.deep.equal(received.slice(2).map((e) => e.event.id));
        expect(redelivered.every((e) => e.retryCount === 1)).to.equal(true);
      });

      it('dispatches to a single consumer while it has room, then fails over', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, consumerStrategy: 'DispatchToSingle' }, filter());
        const first = connect({ bufferSize: 50, name: 'first' });
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(1));
        const second = connect({ bufferSize: 50, name: 'second' });
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(2));
        await appendTicks('s', 6);
        const toFirst = await new Receiver(first).take(6);
        await first.ack(toFirst);
        const toSecond = new Receiver(second);
        expect(await toSecond.next(200)).to.equal('nothing');
        await first.close();
        await appendTicks('s2', 2);
        expect(await toSecond.take(2)).to.have.length(2);
      });

      it('spreads events over consumers round-robin', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, consumerStrategy: 'RoundRobin' }, filter());
        const a = connect({ bufferSize: 50 });
        const b = connect({ bufferSize: 50 });
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(2));
        await appendTicks('s', 10);
        const [fromA, fromB] = await Promise.all([new Receiver(a).take(5), new Receiver(b).take(5)]);
        const ids = new Set([...fromA, ...fromB].map((e) => e.event.id));
        expect(ids.size).to.equal(10);
      });

      it('pins each stream to one consumer', async function () {
        await store.persistentSubscriptions.create(group, { ...fast, consumerStrategy: 'Pinned' }, filter());
        const a = connect({ bufferSize: 100 });
        const b = connect({ bufferSize: 100 });
        await eventually(async () => expect((await store.persistentSubscriptions.info(group)).consumers).to.have.length(2));
        for (let s = 0; s < 8; s += 1) await appendTicks(`stream${s}`, 3);
        const seen = new Map<string, Set<string>>();
        const collect = async (consumer: PersistentSubscription, label: string) => {
          const iterator = new Receiver(consumer);
          for (let next = await iterator.next(300); next !== 'nothing'; next = await iterator.next(300)) {
            const owners = seen.get(next.event.streamId) ?? new Set<string>();
            owners.add(label);
            seen.set(next.event.streamId, owners);
          }
        };
        await Promise.all([collect(a, 'a'), collect(b, 'b')]);
        expect(seen.size).to.equal(8);
        for (const owners of seen.values()) expect(owners.size).to.equal(1);
      });
    });
  });
}
