import type { RecordedEvent } from '../events.js';
import type { Position, StartFrom } from '../position.js';
import type { AllSubscription } from './all-subscription.js';
import type { EventTypeFilter } from './event-type-filter.js';

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
 * What projection runners need of the event store: `$all`, read and followed in order.
 *
 * An adapter must guarantee:
 * - Positions in `$all` grow strictly in the order appends become visible, so a reader that has
 *   seen position P will never later see an event below P appear.
 * - Events with `$`-prefixed types are never returned by `readAll` nor delivered by
 *   `subscribeToAll`.
 */
export interface AllEvents {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event in `$all`, or undefined when the store is empty. */
  headPosition(): Promise<Position | undefined>;
  /** How many events after `after` match the filter, counting up to `limit` at most. */
  countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number>;
  /** Catches up from `fromPosition`, then goes live, until closed. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
}
