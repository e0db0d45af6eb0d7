import { expect } from 'chai';
import { eventStoreErrorOf } from '../../src/adapters/eventstoredb/eventstoredb-errors-of.js';
import { IdempotencyStreams, streamOfKey } from '../../src/adapters/eventstoredb/idempotency-streams.js';
import { idempotentEventId } from '../../src/adapters/eventstoredb/name-based-uuid.js';
import { streamStateOf } from '../../src/adapters/eventstoredb/stream-state-of.js';
import type { EventData } from '../../src/core/events.js';
import { prepareAppend, type PreparedEvent } from '../../src/core/prepare-append.js';
import { IdempotencyKeyInUseError, WrongExpectedRevisionError } from '../../src/core/ports/event-store-errors.js';
import type { AppendResult, ExpectedRevision } from '../../src/core/ports/event-streams.js';
import type { IdempotencyRecord } from '../../src/core/ports/idempotency.js';
import type { Log } from '../../src/core/log.js';
import { rejectionOf } from '../support/async.js';
import { FakeKurrentDB } from '../support/fake-kurrentdb.js';
import { failures } from '../support/kurrentdb-failures.js';

describe('eventstoredb: idempotency keys in key streams', function () {
  let server: FakeKurrentDB;
  let keys: IdempotencyStreams;
  const inAnHour = () => new Date(Date.now() + 3_600_000);
  const record = (fingerprint = 'f1', expiresAt = inAnHour()): IdempotencyRecord => ({ key: 'key-1', fingerprint, outcome: { id: 'order-1' }, expiresAt });
  const created: EventData[] = [{ type: 'OrderCreated', data: { n: 1 } }, { type: 'OrderPaid', data: { n: 2 } }];

  /** The adapter's own append, on the stand-in server. */
  const appendTo = (stream: string, expected: ExpectedRevision = 'any') => async (events: readonly PreparedEvent[]): Promise<AppendResult> => {
    try {
      const result = await server.appendToStream(stream, events.map((e) => ({ id: e.id, type: e.type, data: JSON.parse(e.data) as unknown, metadata: JSON.parse(e.metadata) as unknown })), { streamState: streamStateOf(expected) });
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      throw eventStoreErrorOf(error, { stream, expected }) ?? error;
    }
  };

  beforeEach(function () {
    server = new FakeKurrentDB();
    keys = new IdempotencyStreams(server.client);
  });

  it('records a key with its append and finds it with the append’s position and event types', async function () {
    const result = await keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1'));
    const found = await keys.find('key-1');
    expect(found).to.deep.include({ key: 'key-1', fingerprint: 'f1', outcome: { id: 'order-1' }, stream: 'order-1', eventTypes: ['OrderCreated', 'OrderPaid'] });
    expect(found!.position).to.deep.equal(result.position);
  });

  it('derives the event ids from the key and the request, so a retry carries the same ids', async function () {
    await keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1'));
    expect(server.events('order-1').map((e) => e.id)).to.deep.equal([idempotentEventId('key-1', 'f1', 0), idempotentEventId('key-1', 'f1', 1)]);
  });

  it('refuses a second append under a live key, writing nothing of it', async function () {
    await keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1'));
    for (const fingerprint of ['f1', 'f2']) {
      const error = await rejectionOf(keys.appendOnce(record(fingerprint), 'order-2', prepareAppend('order-2', created, 1e6), appendTo('order-2')));
      expect(error).to.be.instanceOf(IdempotencyKeyInUseError);
    }
    expect(server.events('order-2')).to.deep.equal([]);
    expect((await keys.find('key-1'))?.fingerprint).to.equal('f1');
  });

  it('lets exactly one of two racing requests with one key append', async function () {
    const outcomes = await Promise.allSettled(
      ['a', 'b'].map((who) => keys.appendOnce(record(`f-${who}`), `order-${who}`, prepareAppend(`order-${who}`, created, 1e6), appendTo(`order-${who}`))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).to.satisfy((reasons: unknown[]) => reasons.every((r) => r instanceof IdempotencyKeyInUseError));
    expect(server.events('order-a').length + server.events('order-b').length).to.equal(2);
  });

  it('records no key for an append that failed, and lets the next request take the key', async function () {
    await server.appendToStream('order-1', [{ type: 'Existing', data: {} }]);
    const error = await rejectionOf(keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1', 'no_stream')));
    expect(error).to.be.instanceOf(WrongExpectedRevisionError);
    expect(await keys.find('key-1')).to.equal(undefined);
    await keys.appendOnce(record('f2'), 'order-2', prepareAppend('order-2', created, 1e6), appendTo('order-2'));
    expect((await keys.find('key-1'))?.fingerprint).to.equal('f2');
  });

  it('forgets an expired key, and lets a new append take it', async function () {
    await keys.appendOnce(record('f1', new Date(Date.now() - 1)), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1'));
    expect(await keys.find('key-1')).to.equal(undefined);
    await keys.appendOnce(record('f2'), 'order-2', prepareAppend('order-2', created, 1e6), appendTo('order-2'));
    expect(await keys.find('key-1')).to.deep.include({ fingerprint: 'f2', stream: 'order-2' });
  });

  it('refuses a retry while the first request with its key still runs elsewhere', async function () {
    let release: () => void = () => undefined;
    const slowAppend = async (events: readonly PreparedEvent[]) => {
      await new Promise<void>((resolve) => (release = resolve));
      return appendTo('order-1')(events);
    };
    const first = keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), slowAppend);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const retry = await rejectionOf(keys.appendOnce(record(), 'order-9', prepareAppend('order-9', created, 1e6), appendTo('order-9')));
    expect(retry).to.be.instanceOf(IdempotencyKeyInUseError);
    release();
    await first;
    expect(server.events('order-9')).to.deep.equal([]);
    expect((await keys.find('key-1'))?.stream).to.equal('order-1');
  });

  it('completes a request whose process died after its append and before its record, without appending twice', async function () {
    // The dead process: its claim (older than the claim lease, written before claims named their ids), then its append with the derived ids, then nothing.
    const first = record();
    const claim = { state: 'claimed', claimedAt: new Date(Date.now() - 60_000).toISOString(), key: first.key, fingerprint: first.fingerprint, outcome: first.outcome, expiresAt: first.expiresAt.toISOString(), stream: 'order-1', eventTypes: ['OrderCreated', 'OrderPaid'] };
    await server.appendToStream(streamOfKey('key-1'), [{ type: '$projectionist-idempotency', data: claim }]);
    const died = await appendTo('order-1', 'no_stream')(prepareAppend('order-1', created, 1e6).map((e, i) => ({ ...e, id: idempotentEventId('key-1', 'f1', i) })));
    expect(await keys.find('key-1')).to.equal(undefined);
    // Its retry: same key, same request, decided again on the reloaded stream, so at its new end (where the server would write the ids again).
    const retried = await keys.appendOnce(first, 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1', 1n), 1n);
    expect(server.events('order-1')).to.have.length(2);
    expect(retried.position).to.deep.equal(died.position);
    expect((await keys.find('key-1'))?.position).to.deep.equal(died.position);
  });

  it('finds a dead attempt’s events where its claim expected them, though other appends followed them', async function () {
    const ids = [0, 1].map((i) => idempotentEventId('key-1', 'f1', i));
    const claim = { state: 'claimed', claimedAt: new Date(Date.now() - 60_000).toISOString(), key: 'key-1', fingerprint: 'f1', outcome: {}, expiresAt: inAnHour().toISOString(), stream: 'order-1', eventTypes: ['OrderCreated', 'OrderPaid'], eventIds: ids, fromRevision: '0' };
    await server.appendToStream(streamOfKey('key-1'), [{ type: '$projectionist-idempotency', data: claim }]);
    const died = await appendTo('order-1', 'no_stream')(prepareAppend('order-1', created, 1e6).map((e, i) => ({ ...e, id: ids[i]! })));
    await server.appendToStream('order-1', [{ type: 'OrderNoted', data: {} }, { type: 'OrderNoted', data: {} }]);
    const retried = await keys.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1', 3n), 3n);
    expect(server.events('order-1').map((e) => e.type)).to.deep.equal(['OrderCreated', 'OrderPaid', 'OrderNoted', 'OrderNoted']);
    expect(retried.position).to.deep.equal(died.position);
    expect((await keys.find('key-1'))?.position).to.deep.equal(died.position);
  });

  it('appends for a retry whose first attempt died before its append, once', async function () {
    const dying = new IdempotencyStreams(server.client, warnings(), 0);
    await server.appendToStream(streamOfKey('key-1'), [{ type: '$projectionist-idempotency', data: { state: 'claimed', claimedAt: new Date(0).toISOString(), key: 'key-1', fingerprint: 'f1', outcome: {}, expiresAt: inAnHour().toISOString(), stream: 'order-1', eventTypes: ['OrderCreated', 'OrderPaid'] } }]);
    const retried = await dying.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), appendTo('order-1', 'no_stream'), 'no_stream');
    expect(server.events('order-1')).to.have.length(2);
    expect((await dying.find('key-1'))?.position).to.deep.equal(retried.position);
  });

  it('answers with the append when recording its key fails afterwards, and warns', async function () {
    const log = warnings();
    const withLog = new IdempotencyStreams(server.client, log);
    const result = await withLog.appendOnce(record(), 'order-1', prepareAppend('order-1', created, 1e6), async (events) => {
      const appended = await appendTo('order-1')(events);
      server.failNext(failures.unavailable());
      return appended;
    });
    expect(result.position).to.deep.equal(server.events('order-1')[1]!.position);
    expect(log.lines).to.have.length(1);
    expect(log.lines[0]!.fields).to.include({ keyStream: streamOfKey('key-1'), stream: 'order-1' });
    expect(await withLog.find('key-1')).to.equal(undefined);
  });
});

/** A log that keeps its warnings. */
function warnings(): Log & { readonly lines: { fields: Record<string, unknown>; message: string }[] } {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const log = {
    lines,
    debug: () => undefined,
    info: () => undefined,
    warn: (fields: object, message: string) => void lines.push({ fields: fields as Record<string, unknown>, message }),
    error: () => undefined,
    child: () => log,
  };
  return log;
}
