import { createHash } from 'node:crypto';
import { BACKWARDS, END, jsonEvent, NO_STREAM, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { JsonObject } from '../../core/events.js';
import { STDERR_LOG, type Log } from '../../core/log.js';
import type { PreparedEvent } from '../../core/prepare-append.js';
import type { AppendResult, ExpectedRevision } from '../../core/ports/event-streams.js';
import { IdempotencyKeyInUseError, WrongExpectedRevisionError } from '../../core/ports/event-store-errors.js';
import type { IdempotencyRecord, RecordedIdempotency } from '../../core/ports/idempotency.js';
import { eventStoreErrorOf } from './eventstoredb-errors-of.js';
import { findEarlierAppend, type EarlierAppend } from './find-earlier-append.js';
import { idempotentEventId } from './name-based-uuid.js';
import { readStreamEvents } from './read-stream-events.js';

export const IDEMPOTENCY_EVENT = '$projectionist-idempotency';

/** What every state of a key says: the request, and the append it was made for. */
interface KeyFields {
  readonly key: string;
  readonly fingerprint: string;
  readonly outcome: JsonObject;
  readonly expiresAt: string;
  readonly stream: string;
  readonly eventTypes: readonly string[];
}

/** One state of a key, as its stream's last event says. */
interface KeyState extends KeyFields {
  readonly state: 'claimed' | 'recorded' | 'released';
  /** When a claim was made: younger than the claim lease, its request is still running somewhere. */
  readonly claimedAt?: string;
  /** The ids a claim's append carries (claims written before these fields: derived ids, index 0..n-1). */
  readonly eventIds?: readonly string[];
  /** The revision the first event of a claim's append takes, when the append expected a revision. */
  readonly fromRevision?: string;
  readonly commit?: string;
  readonly prepare?: string;
}

/**
 * Idempotency keys in EventStoreDB, which cannot write an append and a record of another stream
 * in one transaction. Each key has a stream (`projectionist-idempotency-<sha256>`), written with
 * optimistic concurrency: a `claimed` event naming the target stream, the event ids and where
 * they should land (only one of racing requests wins it; a request that finds a claim younger
 * than the claim lease is refused, as the first is still running), then the append, then
 * `recorded` with the append's position (or `released` when the append failed). A retry of the
 * same request that finds an older claim looks for the claim's events in its stream: found, it
 * records their position and answers with it, appending nothing. The server's duplicate check
 * cannot do this, since a retry reloads the stream and appends at its new end, where the server
 * writes the same ids again. The gaps are stated in the README.
 */
export class IdempotencyStreams {
  constructor(
    private readonly client: KurrentDBClient,
    private readonly log: Log = STDERR_LOG,
    /** How long a claim counts as a request still running; after that, a retry of the same request may finish it. */
    private readonly claimLeaseMs = 30_000,
  ) {}

  async find(key: string): Promise<RecordedIdempotency | undefined> {
    const last = await this.last(key);
    if (!last || last.data.state !== 'recorded' || Date.parse(last.data.expiresAt) <= Date.now()) return undefined;
    return recordedOf(last.data);
  }

  /**
   * Runs `append` once for this key, with ids derived from it; raises `IdempotencyKeyInUseError`
   * when it is taken. `expected` is the append's expected revision, kept in the claim so that a
   * retry reads exactly where the events would be.
   */
  async appendOnce(
    record: IdempotencyRecord,
    stream: string,
    events: readonly PreparedEvent[],
    append: (events: readonly PreparedEvent[]) => Promise<AppendResult>,
    expected: ExpectedRevision = 'any',
  ): Promise<AppendResult> {
    const keyStream = streamOfKey(record.key);
    const last = await this.last(record.key);
    if (last && isLive(last.data)) {
      if (last.data.state === 'recorded' || last.data.fingerprint !== record.fingerprint || this.running(last.data)) throw new IdempotencyKeyInUseError(record.key);
      // The claim of this request by a process that stopped: its append may have been made.
      const earlier = await findEarlierAppend(this.client, earlierAppendOf(last.data));
      if (earlier) return this.record(keyStream, last.data, earlier, last.revision);
    }
    const fields: KeyFields = { key: record.key, fingerprint: record.fingerprint, outcome: record.outcome, expiresAt: record.expiresAt.toISOString(), stream, eventTypes: events.map((e) => e.type) };
    const withIds = events.map((event, index) => (event.idGiven ? event : { ...event, id: idempotentEventId(record.key, record.fingerprint, index) }));
    const from = firstRevisionOf(expected);
    const claim: KeyState = { ...fields, state: 'claimed', claimedAt: new Date().toISOString(), eventIds: withIds.map((e) => e.id), ...(from === undefined ? {} : { fromRevision: from.toString() }) };
    const claimed = await this.write(keyStream, claim, last ? last.revision : 'no_stream');
    if (claimed === undefined) throw new IdempotencyKeyInUseError(record.key);
    let result: AppendResult;
    try {
      result = await append(withIds);
    } catch (error) {
      await this.write(keyStream, { ...fields, state: 'released' }, claimed).catch(() => undefined);
      throw error;
    }
    return this.record(keyStream, fields, result, claimed);
  }

  /**
   * Records an append made under a key. The events are stored by now, so a failure to record
   * does not fail the request: it is logged, and a retry after the claim lease finds the events.
   */
  private async record(keyStream: string, fields: KeyFields, result: AppendResult, claimed: bigint): Promise<AppendResult> {
    const { key, fingerprint, outcome, expiresAt, stream, eventTypes } = fields;
    const state: KeyState = { key, fingerprint, outcome, expiresAt, stream, eventTypes, state: 'recorded', commit: result.position.commit.toString(), prepare: result.position.prepare.toString() };
    try {
      // Losing this race means a retry of the same request recorded the same append first.
      await this.write(keyStream, state, claimed);
    } catch (error) {
      this.log.warn({ err: error, keyStream, stream }, 'Idempotency key not recorded after its append: the append stands, and a retry after the claim lease finds it by its event ids');
    }
    return result;
  }

  private running(state: KeyState): boolean {
    return state.state === 'claimed' && Date.now() - Date.parse(state.claimedAt ?? '') < this.claimLeaseMs;
  }

  /** Appends a state at the expected revision; the new revision, or undefined when another writer came first. */
  private async write(keyStream: string, state: KeyState, expected: bigint | 'no_stream'): Promise<bigint | undefined> {
    try {
      const result = await this.client.appendToStream(keyStream, jsonEvent({ type: IDEMPOTENCY_EVENT, data: state as unknown as JsonObject }), {
        streamState: expected === 'no_stream' ? NO_STREAM : expected,
      });
      return result.nextExpectedRevision;
    } catch (error) {
      if (eventStoreErrorOf(error) instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
  }

  private async last(key: string): Promise<{ readonly revision: bigint; readonly data: KeyState } | undefined> {
    const [event] = await readStreamEvents(this.client, streamOfKey(key), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return event ? { revision: event.revision, data: event.data as unknown as KeyState } : undefined;
  }
}

/** Keys are client-chosen text of any length: hashed into a stream name of fixed length. */
export function streamOfKey(key: string): string {
  return `projectionist-idempotency-${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Where a claim's append put its events, if it was made. */
function earlierAppendOf(claim: KeyState): EarlierAppend {
  const ids = claim.eventIds ?? claim.eventTypes.map((_, index) => idempotentEventId(claim.key, claim.fingerprint, index));
  return { stream: claim.stream, ids, ...(claim.fromRevision === undefined ? {} : { fromRevision: BigInt(claim.fromRevision) }) };
}

/** The revision an append's first event takes, when its expected revision says. */
function firstRevisionOf(expected: ExpectedRevision): bigint | undefined {
  if (expected === 'no_stream') return 0n;
  return typeof expected === 'bigint' ? expected + 1n : undefined;
}

function isLive(state: KeyState): boolean {
  return state.state !== 'released' && Date.parse(state.expiresAt) > Date.now();
}

function recordedOf(state: KeyState): RecordedIdempotency {
  return {
    key: state.key,
    fingerprint: state.fingerprint,
    outcome: state.outcome,
    expiresAt: new Date(state.expiresAt),
    stream: state.stream,
    position: { commit: BigInt(state.commit ?? '0'), prepare: BigInt(state.prepare ?? state.commit ?? '0') },
    eventTypes: state.eventTypes,
  };
}
