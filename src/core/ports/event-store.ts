import type { RecordedEvent } from '../events.js';
import type { AllEvents } from './all-events.js';
import type { EventStreams } from './event-streams.js';
import type { RecordedIdempotency } from './idempotency.js';
import type { PersistentSubscriptions } from './persistent-subscriptions.js';

export type { AllEvents, ReadAllOptions, SubscribeToAllOptions } from './all-events.js';
export type { EventTypeFilter } from './event-type-filter.js';
export type { AppendOptions, AppendResult, EventStreams, ExpectedRevision, ReadStreamOptions } from './event-streams.js';

export interface ReadCorrelatedOptions {
  /** The newest this many events of the conversation. */
  readonly maxCount: number;
}

/**
 * The event store, shaped after EventStoreDB so that its adapter is a thin mapping: the
 * streams the command side writes (`EventStreams`), `$all` that runners follow (`AllEvents`),
 * persistent subscription groups, and what it keeps beside the events.
 *
 * Beyond its parts' contracts, an adapter must guarantee:
 * - `readStream` returns events with `$`-prefixed types; `$all` never does.
 * - `storeId` is made once, when the store is first created, and never changes: a consistency
 *   token names it, so that a token of another store is refused instead of waited for.
 * - An idempotency record is written atomically with its append, survives what the append
 *   survives, and is found by `findIdempotency` from any process until it expires.
 * - `readCorrelated` finds the events whose metadata carry `$correlationId` without scanning
 *   `$all` (an index, or EventStoreDB's `$bc-<id>` stream), newest first.
 * - Engine failures surface as `EventStoreUnavailableError` with the driver error as its cause.
 */
export interface EventStore extends EventStreams, AllEvents {
  /** This store's identity, made at its first start. */
  storeId(): Promise<string>;
  /** The unexpired record of an idempotency key, or undefined. */
  findIdempotency(key: string): Promise<RecordedIdempotency | undefined>;
  /** Events of one conversation (metadata `$correlationId`), newest first. */
  readCorrelated(correlationId: string, options: ReadCorrelatedOptions): Promise<RecordedEvent[]>;
  readonly persistentSubscriptions: PersistentSubscriptions;
  close(): Promise<void>;
}
