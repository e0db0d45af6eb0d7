import type { EventData, RecordedEvent } from '../events.js';
import type { Position, StartFrom } from '../position.js';
import type { AllSubscription } from './all-subscription.js';
import type { IdempotencyRecord, RecordedIdempotency } from './idempotency.js';
import type { PersistentSubscriptions } from './persistent-subscriptions.js';

/** What the writer believes about the stream. A mismatch fails the whole append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
  /**
   * Recorded in the same transaction as the events. If an unexpired record of the same key
   * exists, the append fails with `IdempotencyKeyInUseError` and writes nothing.
   */
  readonly idempotency?: IdempotencyRecord;
}

export interface AppendResult {
  /** The revision of the stream's last event: the expected revision of the next append. */
  readonly nextExpectedRevision: bigint;
  /** The `$all` position of the last event appended. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to `'start'` forwards and `'end'` backwards. */
  readonly fromRevision?: 'start' | 'end' | bigint;
  readonly maxCount?: number;
}

/** Selects events by type, as EventStoreDB's server-side `eventTypeFilter` does. */
export type EventTypeFilter =
  | { readonly prefixes: readonly string[] }
  | { readonly regex: string };

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive, as in EventStoreDB. Defaults to `'start'` forwards and `'end'` backwards. */
  readonly fromPosition?: StartFrom;
  readonly maxCount: number;
  readonly filter?: EventTypeFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive, as in EventStoreDB: the first event delivered is the one after it. */
  readonly fromPosition?: StartFrom;
  readonly filter?: EventTypeFilter;
  /**
   * With a filter, how many events may be scanned without a match before a `checkpoint`
   * message reports how far the scan got. Defaults to 1000.
   */
  readonly checkpointInterval?: number;
}

export interface ReadCorrelatedOptions {
  /** The newest this many events of the conversation. */
  readonly maxCount: number;
}

/**
 * The event store, shaped after EventStoreDB so that its adapter is a thin mapping.
 *
 * An adapter must guarantee:
 * - `appendToStream` is atomic: all of the events are written, or none. The expected-revision
 *   check is atomic with the write; a mismatch raises `WrongExpectedRevisionError` carrying the
 *   expected and the actual revision. Re-appending events whose ids the stream already holds, at
 *   the same place, succeeds without writing (idempotent append); a partial overlap raises
 *   `WrongExpectedRevisionError`.
 * - An event whose data and metadata exceed the configured size raises `EventTooLargeError`, and
 *   nothing of that append is written.
 * - An acknowledged append is durable: it survives a crash of the process.
 * - Positions in `$all` grow strictly in the order appends become visible, so a reader that has
 *   seen position P will never later see an event below P appear.
 * - `readStream` of a stream that does not exist returns no events (not an error).
 * - Events with `$`-prefixed types are never returned by `readAll` nor delivered by
 *   `subscribeToAll`; `readStream` returns them.
 * - `storeId` is made once, when the store is first created, and never changes: a consistency
 *   token names it, so that a token of another store is refused instead of waited for.
 * - An idempotency record is written atomically with its append, survives what the append
 *   survives, and is found by `findIdempotency` from any process until it expires.
 * - `readCorrelated` finds the events whose metadata carry `$correlationId` without scanning
 *   `$all` (an index, or EventStoreDB's `$bc-<id>` stream), newest first.
 * - Engine failures surface as `EventStoreUnavailableError` with the driver error as its cause.
 */
export interface EventStore {
  appendToStream(stream: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event in `$all`, or undefined when the store is empty. */
  headPosition(): Promise<Position | undefined>;
  /** This store's identity, made at its first start. */
  storeId(): Promise<string>;
  /** The unexpired record of an idempotency key, or undefined. */
  findIdempotency(key: string): Promise<RecordedIdempotency | undefined>;
  /** Events of one conversation (metadata `$correlationId`), newest first. */
  readCorrelated(correlationId: string, options: ReadCorrelatedOptions): Promise<RecordedEvent[]>;
  /** How many events after `after` match the filter, counting up to `limit` at most. */
  countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number>;
  /** Catches up from `fromPosition`, then goes live, until closed. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  readonly persistentSubscriptions: PersistentSubscriptions;
  close(): Promise<void>;
}
