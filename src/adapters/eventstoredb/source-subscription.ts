import type { RecordedEvent } from '../../core/events.js';
import type { Position, StartFrom } from '../../core/position.js';

/** What one server subscription says, in the order the server said it. */
export type SourceMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'checkpoint'; readonly position: Position }
  | { readonly kind: 'caughtUp'; readonly position: Position | undefined }
  | { readonly kind: 'fellBehind'; readonly position: Position | undefined };

/**
 * One subscription to `$all` as the server gives it: it ends or throws when the connection
 * drops, and never comes back by itself. `ResubscribingSubscription` is built on this narrow
 * shape, so that tests can drive it with a scripted one that fails the way the client does.
 */
export interface SourceSubscription extends AsyncIterable<SourceMessage> {
  close(): Promise<void>;
}

/** Opens a server subscription delivering what comes after `from` (exclusive). */
export type OpenSource = (from: StartFrom) => SourceSubscription;
