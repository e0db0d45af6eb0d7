import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/core/ports/event-store.js';
import { IdempotencyKeyInUseError, WrongExpectedRevisionError } from '../../src/core/ports/event-store-errors.js';
import { comparePositions } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { MAX_EVENT_BYTES, type EventStoreFixture } from './event-store.contract.js';

/** The EventStore port's contract for what it keeps besides events: its identity, idempotency keys, conversations. */
export function eventStoreRecordsContract(engine: string, fixture: EventStoreFixture): void {
  describe(`${engine}: EventStore identity, idempotency keys and conversations`, function () {
    let store: EventStore;
    let ns: string;
    const stream = (name: string) => `${name}-${ns}`;
    const key = (name: string) => `${name}-${ns}`;
    const inAnHour = () => new Date(Date.now() + 3_600_000);

    beforeEach(async function () {
      ns = randomUUID().slice(0, 8);
      store = await fixture.open({ maxEventBytes: MAX_EVENT_BYTES });
    });
    afterEach(async function () {
      await store.close();
    });

    it('has one identity that does not change', async function () {
      const id = await store.storeId();
      expect(id).to.be.a('string').and.not.empty;
      expect(await store.storeId()).to.equal(id);
    });

    it('records an idempotency key with its append, and finds it with the append’s place', async function () {
      const record = { key: key('k'), fingerprint: 'f1', outcome: { id: 'order-1', correlationId: 'c1' }, expiresAt: inAnHour() };
      const result = await store.appendToStream(stream('order'), [{ type: 'Created', data: {} }, { type: 'Paid', data: {} }], { idempotency: record });
      const found = await store.findIdempotency(record.key);
      expect(found).to.deep.include({ key: record.key, fingerprint: 'f1', outcome: record.outcome, stream: stream('order'), eventTypes: ['Created', 'Paid'] });
      expect(comparePositions(found!.position, result.position)).to.equal(0);
    });

    it('refuses a second append with a live key, writing nothing of it', async function () {
      const record = { key: key('k'), fingerprint: 'f1', outcome: {}, expiresAt: inAnHour() };
      await store.appendToStream(stream('a'), [{ type: 'Created', data: {} }], { idempotency: record });
      const error = await rejectionOf(store.appendToStream(stream('b'), [{ type: 'Created', data: {} }], { idempotency: { ...record, fingerprint: 'f2' } }));
      expect(error).to.be.instanceOf(IdempotencyKeyInUseError);
      expect(await store.readStream(stream('b'))).to.deep.equal([]);
      expect((await store.findIdempotency(record.key))?.fingerprint).to.equal('f1');
    });

    it('records no key for an append that failed', async function () {
      await store.appendToStream(stream('a'), [{ type: 'Created', data: {} }]);
      const record = { key: key('k'), fingerprint: 'f1', outcome: {}, expiresAt: inAnHour() };
      expect(await rejectionOf(store.appendToStream(stream('a'), [{ type: 'Again', data: {} }], { expectedRevision: 'no_stream', idempotency: record }))).to.be.instanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.findIdempotency(record.key)).to.equal(undefined);
    });

    it('forgets an expired key, and lets a new append take it', async function () {
      const expired = { key: key('k'), fingerprint: 'f1', outcome: {}, expiresAt: new Date(Date.now() - 1) };
      await store.appendToStream(stream('a'), [{ type: 'Created', data: {} }], { idempotency: expired });
      expect(await store.findIdempotency(expired.key)).to.equal(undefined);
      await store.appendToStream(stream('b'), [{ type: 'Created', data: {} }], { idempotency: { ...expired, fingerprint: 'f2', expiresAt: inAnHour() } });
      expect(await store.findIdempotency(expired.key)).to.deep.include({ fingerprint: 'f2', stream: stream('b') });
    });

    it('reads a conversation’s events by correlation id, newest first, up to a count', async function () {
      const mine = { $correlationId: key('conversation') };
      await store.appendToStream(stream('a'), [{ type: 'First', data: {}, metadata: mine }]);
      await store.appendToStream(stream('other'), [{ type: 'Unrelated', data: {}, metadata: { $correlationId: key('else') } }]);
      await store.appendToStream(stream('b'), [{ type: 'Second', data: {}, metadata: mine }, { type: 'Third', data: {}, metadata: mine }]);
      expect((await store.readCorrelated(mine.$correlationId, { maxCount: 10 })).map((event) => event.type)).to.deep.equal(['Third', 'Second', 'First']);
      expect((await store.readCorrelated(mine.$correlationId, { maxCount: 2 })).map((event) => event.streamId)).to.deep.equal([stream('b'), stream('b')]);
      expect(await store.readCorrelated(key('nobody'), { maxCount: 10 })).to.deep.equal([]);
    });
  });
}
