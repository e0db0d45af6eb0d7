// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import type { PersistentSubscriptionInfo, PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';
import type { Position } from '../../core/position.js';

/** What `info` reports of a group, as an adapter read it from its tables. */
export interface GroupState {
  readonly name: string;
  readonly filter: EventTypeFilter | undefined;
  readonly settings: PersistentSubscriptionSettings;
  readonly checkpoint: Position | undefined;
  readonly lastKnownPosition: Position | undefined;
  readonly parkedCount: number;
  /** Consumer id → how many events it holds. */
  readonly inFlight: ReadonlyMap<string, number>;
  /** Its consumers, oldest first; `connected_at` in epoch milliseconds (a number or its text). */
  readonly consumers: readonly { readonly consumer_id: string; readonly name: string; readonly connected_at: number | string }[];
}

export function groupInfo(state: GroupState): PersistentSubscriptionInfo {
  return {
    group: state.name,
    filter: state.filter,
    settings: state.settings,
    checkpoint: state.checkpoint,
    lastKnownPosition: state.lastKnownPosition,
    parkedCount: state.parkedCount,
    inFlightCount: [...state.inFlight.values()].reduce((sum, n) => sum + n, 0),
    consumers: state.consumers.map((row) => ({
      consumerId: row.consumer_id,
      name: row.name,
      inFlight: state.inFlight.get(row.consumer_id) ?? 0,
      connectedAt: new Date(Number(row.connected_at)),
    })),
  };
}
