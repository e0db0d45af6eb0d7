import type { RecordedEvent } from '../events.js';
import type { Position } from '../position.js';

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Sent once, when the subscription has delivered everything that existed when it reached the head. */
  | { readonly kind: 'caughtUp'; readonly position: Position | undefined }
  /** Everything up to this position was scanned; the events the filter skipped are not delivered. */
  | { readonly kind: 'checkpoint'; readonly position: Position };

/**
 * A catch-up subscription to `$all`.
 *
 * An adapter must deliver every matching event after the start position exactly once, in
 * position order, across the switch from catching up to live, even while appends race with
 * it. It must not buffer without bound: it reads ahead only as the consumer pulls. Live events
 * arrive without polling within a process. After `close()`, iteration ends; a pending `next()`
 * resolves as done.
 */
export interface AllSubscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}
