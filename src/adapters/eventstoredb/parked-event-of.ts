import type { ParkedEvent } from '../../core/ports/persistent-subscriptions.js';
import { recordedEventOf, type ClientRecordedEvent } from './recorded-event-of.js';

/**
 * A parked event as read from `$persistentsubscription-$all::<group>-parked` with links resolved:
 * the server parks by writing a link whose metadata holds the reason and the time
 * (`ParkedMessageMetadata`; its casing is read either way).
 */
export function parkedEventOf(event: ClientRecordedEvent, link: ClientRecordedEvent | undefined, commitPosition?: bigint): ParkedEvent {
  const metadata = link ? (recordedEventOf({ ...link, position: link.position ?? event.position }, commitPosition).metadata as Record<string, unknown>) : {};
  const reason = metadata.reason ?? metadata.Reason;
  const added = metadata.added ?? metadata.Added;
  return {
    event: recordedEventOf(event, commitPosition),
    reason: typeof reason === 'string' ? reason : '',
    parkedAt: typeof added === 'string' && !Number.isNaN(Date.parse(added)) ? new Date(added) : (link?.created ?? event.created),
  };
}
