// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { RecordedEvent } from '../../core/events.js';
import type { ParkedEvent } from '../../core/ports/persistent-subscriptions.js';

/** A row of a group's parked events; `parked_at` in epoch milliseconds (a number or its text). */
export interface ParkedRow<Key> {
  readonly position: Key;
  readonly reason: string;
  readonly parked_at: number | string;
}

/** The parked events of `rows`, in their order, with the recorded events read for them; a row whose event is gone is left out. */
export function parkedEvents<Key>(rows: readonly ParkedRow<Key>[], events: ReadonlyMap<Key, RecordedEvent>): ParkedEvent[] {
  return rows.flatMap((row) => {
    const event = events.get(row.position);
    return event ? [{ event, reason: row.reason, parkedAt: new Date(Number(row.parked_at)) }] : [];
  });
}
