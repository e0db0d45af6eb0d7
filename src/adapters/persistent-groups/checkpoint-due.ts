// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';

/** Whether a group's checkpoint is to be stored now: after the upper bound of settled events, or the lower bound once `checkpointAfterMs` passed. */
export function checkpointDue(settings: PersistentSubscriptionSettings, settledSinceCheckpoint: number, checkpointedAt: number, now: number): boolean {
  return (
    settledSinceCheckpoint >= settings.checkpointUpperBound ||
    (settledSinceCheckpoint >= settings.checkpointLowerBound && now - checkpointedAt >= settings.checkpointAfterMs)
  );
}
