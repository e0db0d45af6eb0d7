import { expect } from 'chai';
import { ANY, END, NO_STREAM, START, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { eventStoreErrorOf } from '../../src/adapters/eventstoredb/eventstoredb-errors-of.js';
import { eventTypeFilterOf } from '../../src/adapters/eventstoredb/event-type-filter-of.js';
import { isTransient } from '../../src/adapters/eventstoredb/is-transient.js';
import { maskedEndpoint } from '../../src/adapters/eventstoredb/masked-endpoint.js';
import { idempotentEventId, nameBasedUuid } from '../../src/adapters/eventstoredb/name-based-uuid.js';
import { positionOf, readPositionOf } from '../../src/adapters/eventstoredb/position-of.js';
import { recordedEventOf } from '../../src/adapters/eventstoredb/recorded-event-of.js';
import { streamStateOf } from '../../src/adapters/eventstoredb/stream-state-of.js';
import {
  EventTooLargeError,
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionNotFoundError,
  WrongExpectedRevisionError,
} from '../../src/core/ports/event-store-errors.js';
import { failures } from '../support/kurrentdb-failures.js';

describe('eventstoredb: mapping the port onto the client', function () {
  describe('expected revisions', function () {
    it('maps every expected revision onto the client’s streamState', function () {
      expect(streamStateOf('any')).to.equal(ANY);
      expect(streamStateOf('no_stream')).to.equal(NO_STREAM);
      expect(streamStateOf('stream_exists')).to.equal(STREAM_EXISTS);
      expect(streamStateOf(0n)).to.equal(0n);
      expect(streamStateOf(41n)).to.equal(41n);
      expect(streamStateOf()).to.equal(ANY);
    });

    it('refuses a negative revision instead of sending it', function () {
      expect(() => streamStateOf(-1n)).to.throw(TypeError);
    });
  });

  describe('errors', function () {
    it('turns WrongExpectedVersionError into the port’s error with the expected and the actual revision', function () {
      const error = eventStoreErrorOf(failures.wrongExpectedVersion('3', '5'), { stream: 'order-1', expected: 3n });
      expect(error).to.be.instanceOf(WrongExpectedRevisionError);
      expect(error).to.include({ stream: 'order-1', expected: 3n, actual: 5n });
    });

    it('says no_stream when the server reports no actual revision, or a negative one', function () {
      const missing = eventStoreErrorOf(failures.wrongExpectedVersion('0'), { stream: 's', expected: 'stream_exists' });
      expect(missing).to.include({ expected: 'stream_exists', actual: 'no_stream' });
      const negative = eventStoreErrorOf(failures.wrongExpectedVersion('0', '-1'), { stream: 's', expected: 0n });
      expect(negative).to.include({ actual: 'no_stream' });
    });

    it('keeps the port’s expected revision, which the server may render differently (no_stream as -1)', function () {
      const error = eventStoreErrorOf(failures.wrongExpectedVersion('-1', '0'), { stream: 's', expected: 'no_stream' });
      expect(error).to.include({ expected: 'no_stream', actual: 0n });
    });

    it('names the group in the persistent subscription errors', function () {
      expect(eventStoreErrorOf(failures.groupExists(), { group: 'orders-v2' })).to.be.instanceOf(PersistentSubscriptionExistsError).with.property('group', 'orders-v2');
      expect(eventStoreErrorOf(failures.groupMissing(), { group: 'orders-v2' })).to.be.instanceOf(PersistentSubscriptionNotFoundError).with.property('group', 'orders-v2');
      expect(eventStoreErrorOf(failures.groupFull(), { group: 'orders-v2' })).to.be.instanceOf(MaximumSubscribersReachedError).with.property('group', 'orders-v2');
      expect(eventStoreErrorOf(failures.groupDropped(), { group: 'orders-v2' })).to.be.instanceOf(PersistentSubscriptionDroppedError).with.property('group', 'orders-v2');
    });

    it('turns the server’s append size limit into EventTooLargeError', function () {
      const error = eventStoreErrorOf(failures.appendTooLarge(), { stream: 's', eventType: 'Big', bytes: 2_000_000 });
      expect(error).to.be.instanceOf(EventTooLargeError);
      expect(error).to.include({ stream: 's', eventType: 'Big', size: 2_000_000, limit: 1_048_576 });
    });

    it('leaves connection failures and access denied to EventStoreUnavailableError (no port error of their own)', function () {
      for (const failure of [failures.unavailable(), failures.refusedOnAppend(), failures.notLeader(), failures.accessDenied(), new Error('boom')]) {
        expect(eventStoreErrorOf(failure)).to.equal(undefined);
      }
    });
  });

  describe('transient failures', function () {
    it('retries every way the client reports a server that is away, restarting or no longer leader', function () {
      for (const [name, failure] of Object.entries({
        refusedOnAppend: failures.refusedOnAppend(),
        refusedOnRead: failures.refusedOnRead(),
        unavailable: failures.unavailable(),
        serverNotReady: failures.serverNotReady(),
        notLeader: failures.notLeader(),
      })) {
        expect(isTransient(failure), name).to.equal(true);
      }
    });

    it('does not retry what another attempt cannot fix', function () {
      expect(isTransient(failures.accessDenied())).to.equal(false);
      expect(isTransient(failures.wrongExpectedVersion('1', '2'))).to.equal(false);
      expect(isTransient(failures.groupMissing())).to.equal(false);
      expect(isTransient(new TypeError('bad argument'))).to.equal(false);
    });
  });

  describe('positions', function () {
    it('keeps commit and prepare as bigints, from numbers and strings too', function () {
      expect(positionOf({ commit: 10n, prepare: 7n })).to.deep.equal({ commit: 10n, prepare: 7n });
      expect(positionOf({ commit: 10, prepare: 7 })).to.deep.equal({ commit: 10n, prepare: 7n });
      expect(positionOf({ commit: '18446744073709551614', prepare: '1' })).to.deep.equal({ commit: 18446744073709551614n, prepare: 1n });
    });

    it('reads the 2^64-1 of old servers’ stream reads, and none, as no position', function () {
      expect(positionOf({ commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n })).to.equal(undefined);
      expect(positionOf({ commit: -1n, prepare: -1n })).to.equal(undefined);
      expect(positionOf(undefined)).to.equal(undefined);
    });

    it('maps start, end and a position onto the client’s read positions', function () {
      expect(readPositionOf('start')).to.equal(START);
      expect(readPositionOf('end')).to.equal(END);
      expect(readPositionOf({ commit: 5n, prepare: 4n })).to.deep.equal({ commit: 5n, prepare: 4n });
    });
  });

  describe('filters', function () {
    it('builds a server-side event type filter from prefixes or a regex', function () {
      expect(eventTypeFilterOf({ prefixes: ['Order', 'Customer'] })).to.deep.include({ filterOn: 'eventType', prefixes: ['Order', 'Customer'] });
      expect(eventTypeFilterOf({ regex: '^Order(Created|Paid)$' })).to.deep.include({ filterOn: 'eventType', regex: '^Order(Created|Paid)$' });
    });

    it('excludes system events on the server when there is no filter', function () {
      expect(eventTypeFilterOf(undefined)).to.deep.include({ filterOn: 'eventType', regex: '^[^$].*' });
    });

    it('matches nothing for an empty prefix list, instead of sending one the server reads as no filter', function () {
      const filter = eventTypeFilterOf({ prefixes: [] }) as { regex?: string };
      expect(filter.regex).to.be.a('string');
      for (const type of ['OrderCreated', '$>', '']) expect(new RegExp(filter.regex!).test(type)).to.equal(false);
    });

    it('turns a checkpoint interval in events into the server’s multiplier of 32-event windows', function () {
      expect(eventTypeFilterOf({ prefixes: ['A'] }, { checkpointInterval: 10 }).checkpointInterval).to.equal(1);
      expect(eventTypeFilterOf({ prefixes: ['A'] }, { checkpointInterval: 32 }).checkpointInterval).to.equal(1);
      expect(eventTypeFilterOf({ prefixes: ['A'] }, { checkpointInterval: 33 }).checkpointInterval).to.equal(2);
      expect(eventTypeFilterOf({ prefixes: ['A'] }).checkpointInterval).to.equal(32);
    });

    it('passes the checkpoint callback through to the client', function () {
      const reached = () => undefined;
      expect(eventTypeFilterOf({ prefixes: ['A'] }, { checkpointReached: reached }).checkpointReached).to.equal(reached);
    });
  });

  describe('recorded events', function () {
    const base = { streamId: 'order-1', id: '7d0a1f7e-2f4e-4a4b-9d55-0c2e0b1f4c11', revision: 2n, type: 'OrderPaid', created: new Date(0) };

    it('keeps JSON data and metadata, and the position', function () {
      const event = recordedEventOf({ ...base, data: { total: 5 }, metadata: { $correlationId: 'c' }, position: { commit: 9n, prepare: 8n } });
      expect(event).to.deep.include({ id: base.id, streamId: 'order-1', revision: 2n, data: { total: 5 }, metadata: { $correlationId: 'c' }, position: { commit: 9n, prepare: 8n } });
    });

    it('parses binary data and metadata that hold JSON, and gives empty metadata otherwise', function () {
      const event = recordedEventOf({ ...base, data: Buffer.from('{"a":1}'), metadata: new Uint8Array(), position: { commit: 1n, prepare: 1n } });
      expect(event.data).to.deep.equal({ a: 1 });
      expect(event.metadata).to.deep.equal({});
    });

    it('falls back to the commit position, and refuses an event with no position at all', function () {
      expect(recordedEventOf({ ...base, data: {} }, 77n).position).to.deep.equal({ commit: 77n, prepare: 77n });
      expect(() => recordedEventOf({ ...base, data: {} })).to.throw(/without a position/);
    });
  });

  describe('endpoints', function () {
    it('masks the password and keeps the host, port and options', function () {
      expect(maskedEndpoint('kurrentdb://admin:changeit@db.example.com:2113?tls=true')).to.equal('kurrentdb://admin:***@db.example.com:2113?tls=true');
      expect(maskedEndpoint('esdb+discover://ops:p%40ss@cluster.local:2113')).to.equal('esdb+discover://ops:***@cluster.local:2113');
      expect(maskedEndpoint('kurrentdb://token@host:2113')).to.equal('kurrentdb://***@host:2113');
      expect(maskedEndpoint('kurrentdb://localhost:2113?tls=false')).to.equal('kurrentdb://localhost:2113?tls=false');
    });
  });

  describe('idempotent event ids', function () {
    it('makes RFC 9562 name-based (v5) uuids', function () {
      // The RFC's own example: the DNS namespace and "www.example.com".
      expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).to.equal('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });

    it('derives the same ids for a retry of the same request, and other ids for another', function () {
      expect(idempotentEventId('key-1', 'f', 0)).to.equal(idempotentEventId('key-1', 'f', 0));
      const ids = new Set([idempotentEventId('key-1', 'f', 0), idempotentEventId('key-1', 'f', 1), idempotentEventId('key-2', 'f', 0), idempotentEventId('key-1', 'g', 0)]);
      expect(ids.size).to.equal(4);
    });
  });
});
