import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { EventData, RecordedEvent } from '../../src/core/events.js';
import type { SubscriptionMessage } from '../../src/core/ports/all-subscription.js';
import type { EventStore } from '../../src/core/ports/event-store.js';
import {
  EventTooLargeError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../../src/core/ports/event-store-errors.js';
import { comparePositions } from '../../src/core/position.js';
import { rejectionOf, take } from '../support/async.js';

export interface EventStoreFixture {
  /** A store for one test. It may share its server with other tests: names are unique per test. */
  open(options: { readonly maxEventBytes: number }): Promise<EventStore>;
}

export const MAX_EVENT_BYTES = 64 * 1024;

/** The EventStore port's contract, run against every reachable adapter. */
export function eventStoreContract(engine: string, fixture: EventStoreFixture): void {
  describe(`${engine}: EventStore`, function () {
    let store: EventStore;
    let ns: string;
    const stream = (name: string) => `${name}-${ns}`;
    const type = (name: string) => `${ns}.${name}`;
    const event = (name: string, data: EventData['data'] = {}, extra: Partial<EventData> = {}): EventData => ({ type: type(name), data, ...extra });
    const onlyMine = () => ({ prefixes: [`${ns}.`] });

    beforeEach(async function () {
      ns = randomUUID().slice(0, 8);
      store = await fixture.open({ maxEventBytes: MAX_EVENT_BYTES });
    });

    afterEach(async function () {
      await store.close();
    });

    describe('appendToStream', function () {
      it('creates a stream with no_stream and returns its revision and $all position', async function () {
        const result = await store.appendToStream(stream('order'), [event('Created'), event('Paid')], { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).to.equal(1n);
        const events = await store.readStream(stream('order'));
        expect(events.map((e) => e.revision)).to.deep.equal([0n, 1n]);
        expect(comparePositions(result.position, events[1]!.position)).to.equal(0);
      });

      it('appends at an exact revision and rejects a stale one with expected and actual', async function () {
        await store.appendToStream(stream('order'), [event('Created')], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream('order'), [event('Paid')], { expectedRevision: 0n });
        const error = await rejectionOf(store.appendToStream(stream('order'), [event('Shipped')], { expectedRevision: 0n }));
        expect(error).to.be.instanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).expected).to.equal(0n);
        expect((error as WrongExpectedRevisionError).actual).to.equal(1n);
        expect(await store.readStream(stream('order'))).to.have.length(2);
      });

      it('rejects no_stream on an existing stream and stream_exists on a missing one', async function () {
        await store.appendToStream(stream('a'), [event('Created')]);
        const exists = await rejectionOf(store.appendToStream(stream('a'), [event('Again')], { expectedRevision: 'no_stream' }));
        expect(exists).to.be.instanceOf(WrongExpectedRevisionError).with.property('actual', 0n);
        const missing = await rejectionOf(store.appendToStream(stream('b'), [event('First')], { expectedRevision: 'stream_exists' }));
        expect(missing).to.be.instanceOf(WrongExpectedRevisionError).with.property('actual', 'no_stream');
        await store.appendToStream(stream('a'), [event('More')], { expectedRevision: 'stream_exists' });
        await store.appendToStream(stream('a'), [event('Any')], { expectedRevision: 'any' });
        expect(await store.readStream(stream('a'))).to.have.length(3);
        expect(await store.readStream(stream('b'))).to.deep.equal([]);
      });

      it('gives every event a position that grows with each append', async function () {
        const first = await store.appendToStream(stream('a'), [event('One')]);
        const second = await store.appendToStream(stream('b'), [event('Two')]);
        const third = await store.appendToStream(stream('a'), [event('Three')]);
        expect(comparePositions(first.position, second.position)).to.equal(-1);
        expect(comparePositions(second.position, third.position)).to.equal(-1);
      });

      it('treats a repeated append of the same event ids as already done', async function () {
        const events = [event('Created', { n: 1 }, { id: randomUUID() }), event('Paid', { n: 2 }, { id: randomUUID() })];
        const first = await store.appendToStream(stream('order'), events, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(stream('order'), events, { expectedRevision: 'no_stream' });
        const anyAgain = await store.appendToStream(stream('order'), events, { expectedRevision: 'any' });
        expect(again.nextExpectedRevision).to.equal(first.nextExpectedRevision);
        expect(anyAgain.nextExpectedRevision).to.equal(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).to.equal(0);
        const stored = await store.readStream(stream('order'));
        expect(stored.map((e) => e.id)).to.deep.equal(events.map((e) => e.id));
      });

      it('rejects an append that repeats only some of the stored event ids', async function () {
        const created = event('Created', {}, { id: randomUUID() });
        await store.appendToStream(stream('order'), [created, event('Paid', {}, { id: randomUUID() })]);
        const error = await rejectionOf(store.appendToStream(stream('order'), [created, event('Other', {}, { id: randomUUID() })]));
        expect(error).to.be.instanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream('order'))).to.have.length(2);
      });

      it('lets exactly one of two racing appends at the same revision win', async function () {
        await store.appendToStream(stream('race'), [event('Created')]);
        const outcomes = await Promise.allSettled(
          ['A', 'B'].map((who) => store.appendToStream(stream('race'), [event('Claimed', { who })], { expectedRevision: 0n })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).to.have.length(1);
        expect(lost).to.have.length(1);
        expect(lost[0]!.reason).to.be.instanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream('race'))).to.have.length(2);
      });

      it('rejects an event over the size limit and writes nothing of that append', async function () {
        const big = 'x'.repeat(MAX_EVENT_BYTES);
        const error = await rejectionOf(store.appendToStream(stream('big'), [event('Small'), event('Huge', { big })]));
        expect(error).to.be.instanceOf(EventTooLargeError);
        expect(error.message).to.contain(`limit is ${MAX_EVENT_BYTES} bytes`);
        expect(await store.readStream(stream('big'))).to.deep.equal([]);
      });

      it('rejects malformed events before writing anything', async function () {
        const badId = await rejectionOf(store.appendToStream(stream('bad'), [event('Ok'), event('Bad', {}, { id: 'not-a-uuid' })]));
        expect(badId).to.be.instanceOf(InvalidAppendError);
        const noType = await rejectionOf(store.appendToStream(stream('bad'), [{ type: '', data: {} }]));
        expect(noType).to.be.instanceOf(InvalidAppendError);
        const none = await rejectionOf(store.appendToStream(stream('bad'), []));
        expect(none).to.be.instanceOf(InvalidAppendError);
        expect(await store.readStream(stream('bad'))).to.deep.equal([]);
      });

      it('refuses a stream name or an event type that is not text (a NUL, a lone surrogate), and fails no append beside it', async function () {
        const fine = stream('fine');
        const outcomes = await Promise.allSettled([
          store.appendToStream(`${stream('nul')}\u0000x`, [event('Ok')]),
          store.appendToStream(stream('surrogate'), [{ type: 'Bad\ud800', data: {} }]),
          store.appendToStream(fine, [event('Ok')]),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected', 'fulfilled']);
        for (const outcome of outcomes.slice(0, 2)) expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(InvalidAppendError);
        expect(await store.readStream(fine)).to.have.length(1);
      });

      it('round-trips data, metadata, ids, types and creation time', async function () {
        const id = randomUUID();
        const data = { text: 'café ☕ — ñ', n: 12.5, none: null, list: [1, 'two', { three: true }], nested: { deep: { deeper: [] } } };
        const metadata = { $correlationId: randomUUID(), $causationId: randomUUID(), user: 'ana' };
        const before = Date.now();
        await store.appendToStream(stream('meta'), [{ id, type: type('Noted'), data, metadata }]);
        const [stored] = await store.readStream(stream('meta'));
        expect(stored!.id).to.equal(id);
        expect(stored!.type).to.equal(type('Noted'));
        expect(stored!.streamId).to.equal(stream('meta'));
        expect(stored!.data).to.deep.equal(data);
        expect(stored!.metadata).to.deep.equal(metadata);
        expect(stored!.created.getTime()).to.be.within(before - 1_000, Date.now() + 1_000);
      });
    });

    describe('readStream', function () {
      it('reads forwards and backwards, from a revision, up to a count', async function () {
        await store.appendToStream(stream('s'), [0, 1, 2, 3, 4].map((n) => event('N', { n })));
        const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
        expect(data(await store.readStream(stream('s')))).to.deep.equal([0, 1, 2, 3, 4]);
        expect(data(await store.readStream(stream('s'), { fromRevision: 2n, maxCount: 2 }))).to.deep.equal([2, 3]);
        expect(data(await store.readStream(stream('s'), { direction: 'backwards' }))).to.deep.equal([4, 3, 2, 1, 0]);
        expect(data(await store.readStream(stream('s'), { direction: 'backwards', fromRevision: 1n }))).to.deep.equal([1, 0]);
        expect(data(await store.readStream(stream('s'), { direction: 'backwards', maxCount: 1 }))).to.deep.equal([4]);
        expect(await store.readStream(stream('missing'))).to.deep.equal([]);
      });
    });

    describe('readAll', function () {
      it('reads $all in position order, from an inclusive position, both ways', async function () {
        await store.appendToStream(stream('a'), [event('A1'), event('A2')]);
        await store.appendToStream(stream('b'), [event('B1')]);
        await store.appendToStream(stream('a'), [event('A3')]);
        const all = await store.readAll({ maxCount: 100, filter: onlyMine() });
        expect(all.map((e) => e.type)).to.deep.equal(['A1', 'A2', 'B1', 'A3'].map(type));
        const fromThird = await store.readAll({ fromPosition: all[2]!.position, maxCount: 100, filter: onlyMine() });
        expect(fromThird.map((e) => e.type)).to.deep.equal(['B1', 'A3'].map(type));
        const lastTwo = await store.readAll({ direction: 'backwards', maxCount: 2, filter: onlyMine() });
        expect(lastTwo.map((e) => e.type)).to.deep.equal(['A3', 'B1'].map(type));
        const page = await store.readAll({ maxCount: 2, filter: onlyMine() });
        expect(page).to.have.length(2);
      });

      it('filters by event type prefixes or regex, and never returns system events', async function () {
        await store.appendToStream(stream('a'), [event('OrderCreated'), event('OrderPaid'), event('CustomerRegistered')]);
        await store.appendToStream(stream('sys'), [{ type: `$${ns}.system`, data: {} }]);
        const orders = await store.readAll({ maxCount: 100, filter: { prefixes: [type('Order')] } });
        expect(orders.map((e) => e.type)).to.deep.equal(['OrderCreated', 'OrderPaid'].map(type));
        const regex = await store.readAll({ maxCount: 100, filter: { regex: `^${ns}\\.(OrderPaid|CustomerRegistered)$` } });
        expect(regex.map((e) => e.type)).to.deep.equal(['OrderPaid', 'CustomerRegistered'].map(type));
        const everything = await store.readAll({ maxCount: 10_000 });
        expect(everything.some((e) => e.type.startsWith('$'))).to.equal(false);
        expect(await store.readStream(stream('sys'))).to.have.length(1);
      });
    });

    describe('subscribeToAll', function () {
      const eventsOf = (messages: SubscriptionMessage[]) =>
        messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));

      it('catches up, says so, then delivers live events', async function () {
        await store.appendToStream(stream('a'), [event('Before1'), event('Before2')]);
        const subscription = store.subscribeToAll({ filter: onlyMine() });
        const iterator = subscription[Symbol.asyncIterator]();
        const caughtUp = await take(iterator, 3);
        expect(caughtUp.map((m) => m.kind)).to.deep.equal(['event', 'event', 'caughtUp']);
        await store.appendToStream(stream('a'), [event('Live')]);
        const [live] = await take(iterator, 1);
        expect(live!.kind === 'event' && live!.event.type).to.equal(type('Live'));
        await subscription.close();
      });

      it('starts after an exclusive position', async function () {
        const first = await store.appendToStream(stream('a'), [event('One')]);
        await store.appendToStream(stream('a'), [event('Two')]);
        const subscription = store.subscribeToAll({ fromPosition: first.position, filter: onlyMine() });
        const [message] = await take(subscription[Symbol.asyncIterator](), 1);
        expect(message!.kind === 'event' && message!.event.type).to.equal(type('Two'));
        await subscription.close();
      });

      it('delivers every event once, in position order, while appenders race with the catch-up', async function () {
        const appenders = 8;
        const perAppender = 40;
        await store.appendToStream(stream('seed'), [event('Seed')]);
        const subscription = store.subscribeToAll({ filter: onlyMine() });
        const iterator = subscription[Symbol.asyncIterator]();
        const appending = Promise.all(
          Array.from({ length: appenders }, async (_, a) => {
            for (let i = 0; i < perAppender; i += 1) await store.appendToStream(stream(`w${a}`), [event('Tick', { a, i })]);
          }),
        );
        const received: RecordedEvent[] = [];
        while (received.length < 1 + appenders * perAppender) {
          received.push(...eventsOf(await take(iterator, 1, 10_000)));
        }
        await appending;
        const positions = received.map((e) => e.position);
        for (let i = 1; i < positions.length; i += 1) expect(comparePositions(positions[i - 1]!, positions[i]!)).to.equal(-1);
        expect(new Set(received.map((e) => e.id)).size).to.equal(received.length);
        const all = await store.readAll({ maxCount: 10_000, filter: onlyMine() });
        expect(received.map((e) => e.id)).to.deep.equal(all.map((e) => e.id));
        await subscription.close();
      });

      it('reports checkpoints across stretches its filter skips', async function () {
        const noise = await store.appendToStream(stream('noise'), Array.from({ length: 50 }, () => event('Noise')));
        const subscription = store.subscribeToAll({ filter: { prefixes: [type('Wanted')] }, checkpointInterval: 10 });
        const iterator = subscription[Symbol.asyncIterator]();
        const beforeCaughtUp: SubscriptionMessage[] = [];
        for (let m = (await take(iterator, 1))[0]!; m.kind !== 'caughtUp'; m = (await take(iterator, 1))[0]!) beforeCaughtUp.push(m);
        expect(eventsOf(beforeCaughtUp)).to.deep.equal([]);
        const checkpoints = beforeCaughtUp.flatMap((m) => (m.kind === 'checkpoint' ? [m.position] : []));
        expect(checkpoints).to.not.be.empty;
        expect(comparePositions(checkpoints.at(-1)!, noise.position)).to.be.at.least(0);
        const wanted = await store.appendToStream(stream('w'), [event('Wanted')]);
        const [live] = await take(iterator, 1);
        expect(live!.kind === 'event' && comparePositions(live!.event.position, wanted.position)).to.equal(0);
        await subscription.close();
      });

      it('ends a pending iteration when closed', async function () {
        const subscription = store.subscribeToAll({ filter: onlyMine() });
        const iterator = subscription[Symbol.asyncIterator]();
        await take(iterator, 1);
        const pending = iterator.next();
        await subscription.close();
        expect((await pending).done).to.equal(true);
      });
    });
  });
}
