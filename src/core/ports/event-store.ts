import type { EventData, RecordedEvent } from '../events.js';
import type { Position, StartFrom } from '../position.js';
import type { AllSubscription } from './all-subscription.js';
import type { PersistentSubscriptions } from './persistent-subscriptions.js';

/** What the writer believes about the stream. A mismatch fails the whole append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
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
 * - Engine failures surface as `EventStoreUnavailableError` with the driver error as its cause.
 */
export interface EventStore {
  appendToStream(stream: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event in `$all`, or undefined when the store is empty. */
  headPosition(): Promise<Position | undefined>;
  /** How many events after `after` match the filter, counting up to `limit` at most. */
  countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number>;
  /** Catches up from `fromPosition`, then goes live, until closed. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  readonly persistentSubscriptions: PersistentSubscriptions;
  close(): Promise<void>;
}
