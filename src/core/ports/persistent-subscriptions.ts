import type { RecordedEvent } from '../events.js';
import type { Position, StartFrom } from '../position.js';
import type { EventTypeFilter } from './event-type-filter.js';

export type ConsumerStrategy = 'DispatchToSingle' | 'RoundRobin' | 'Pinned';

/** The settings of a group, named and defaulted as EventStoreDB's. */
export interface PersistentSubscriptionSettings {
  /** Read only when the group is created. Default `'end'`. */
  readonly startFrom: StartFrom;
  /** Default `'RoundRobin'`. `Pinned` sends all events of a stream to the same consumer. */
  readonly consumerStrategy: ConsumerStrategy;
  /** Deliveries after the first before an event is parked. Default 10. */
  readonly maxRetryCount: number;
  /** An unacknowledged event is retried after this long. Default 30000. */
  readonly messageTimeoutMs: number;
  /** The group checkpoint is stored at most this often... Default 2000. */
  readonly checkpointAfterMs: number;
  /** ...and only once this many events were acknowledged since the last one. Default 10. */
  readonly checkpointLowerBound: number;
  /** ...and always once this many were. Default 1000. */
  readonly checkpointUpperBound: number;
  /** 0 means unbounded. Default 0. */
  readonly maxSubscriberCount: number;
  /** How many events the group reads ahead of its consumers. Default 500. */
  readonly liveBufferSize: number;
}

export const DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS: PersistentSubscriptionSettings = Object.freeze({
  startFrom: 'end',
  consumerStrategy: 'RoundRobin',
  maxRetryCount: 10,
  messageTimeoutMs: 30_000,
  checkpointAfterMs: 2_000,
  checkpointLowerBound: 10,
  checkpointUpperBound: 1_000,
  maxSubscriberCount: 0,
  liveBufferSize: 500,
});

export interface PersistentEvent {
  readonly event: RecordedEvent;
  /** How many times this event was delivered before. */
  readonly retryCount: number;
}

export type NackAction = 'park' | 'retry' | 'skip';

/**
 * One consumer's connection to a group. Iterating yields the events the group dispatches to
 * this consumer; at most `bufferSize` of them are unacknowledged at a time. The iteration
 * ends when the consumer closes, and throws `PersistentSubscriptionDroppedError` when the group
 * is deleted under it.
 */
export interface PersistentSubscription extends AsyncIterable<PersistentEvent> {
  readonly consumerId: string;
  ack(events: readonly PersistentEvent[]): Promise<void>;
  nack(action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void>;
  /** Leaves the group. Events dispatched to this consumer and not acknowledged go to others. */
  close(): Promise<void>;
}

export interface ParkedEvent {
  readonly event: RecordedEvent;
  readonly reason: string;
  readonly parkedAt: Date;
}

export interface ConsumerInfo {
  readonly consumerId: string;
  readonly name: string;
  readonly inFlight: number;
  readonly connectedAt: Date;
}

export interface PersistentSubscriptionInfo {
  readonly group: string;
  readonly filter: EventTypeFilter | undefined;
  readonly settings: PersistentSubscriptionSettings;
  /** Everything at or below it was acknowledged, parked or skipped. Stored lazily, per the settings. */
  readonly checkpoint: Position | undefined;
  /** The last event read from `$all` into the group. */
  readonly lastKnownPosition: Position | undefined;
  readonly parkedCount: number;
  readonly inFlightCount: number;
  readonly consumers: readonly ConsumerInfo[];
}

export interface SubscribeOptions {
  /** Maximum unacknowledged events held by this consumer. Default 10, as EventStoreDB. */
  readonly bufferSize?: number;
  /** Shown in `info`. */
  readonly name?: string;
}

/**
 * Persistent subscription groups to `$all`: the server tracks which events each consumer got
 * and acknowledged, and the group survives its consumers.
 *
 * An adapter must guarantee:
 * - At-least-once delivery: an event is dispatched until it is acknowledged, skipped or parked.
 *   An event not acknowledged within `messageTimeoutMs`, or held by a consumer that leaves or
 *   dies, is redelivered with `retryCount` raised; past `maxRetryCount` it is parked.
 * - It never retries on its own beyond that: no silent skipping.
 * - Each event goes to one consumer at a time, chosen by the consumer strategy.
 * - Parked events stay listed until replayed; replay dispatches them again, once.
 * - Group state (settings, checkpoint, parked events) survives restarts.
 * It does not promise order across redeliveries: consumers that need order keep their own
 * checkpoint and discard what they already applied.
 */
export interface PersistentSubscriptions {
  /** Raises `PersistentSubscriptionExistsError` when the group exists. */
  create(group: string, settings?: Partial<PersistentSubscriptionSettings>, filter?: EventTypeFilter): Promise<void>;
  /** Changes the settings of an existing group; its filter and start position stay. */
  update(group: string, settings: Partial<PersistentSubscriptionSettings>): Promise<void>;
  /** Drops the group, its parked events and its consumers. */
  delete(group: string): Promise<void>;
  subscribe(group: string, options?: SubscribeOptions): PersistentSubscription;
  listParked(group: string, options?: { readonly maxCount?: number }): Promise<ParkedEvent[]>;
  /** Dispatches parked events again, oldest first; `stopAt` limits how many. */
  replayParked(group: string, options?: { readonly stopAt?: number }): Promise<number>;
  info(group: string): Promise<PersistentSubscriptionInfo>;
  list(): Promise<PersistentSubscriptionInfo[]>;
}
