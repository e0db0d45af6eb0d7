import type { AllEvents } from '../ports/all-events.js';
import { maxPosition } from '../position.js';
import { Batcher } from './batcher.js';
import type { LiveTarget } from './live-target.js';

/**
 * Live events through a catch-up subscription to `$all` (one process, or a rebuild): events
 * arrive in order and are applied as they come; a filtered stretch with nothing to apply still
 * moves the checkpoint, so that consistency waits see the projection has passed it.
 */
export async function followSubscription(events: AllEvents, target: LiveTarget): Promise<void> {
  const subscription = events.subscribeToAll({ fromPosition: target.position() ?? 'start', filter: target.filter });
  target.holding(subscription);
  const batcher = new Batcher(subscription[Symbol.asyncIterator]());
  const { batchSize, batchWaitMs } = target.options;
  try {
    while (!target.stopping() && !batcher.ended) {
      const messages = await batcher.next(batchSize, batchWaitMs, target.interruption());
      const delivered = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
      const furthest = messages.flatMap((m) => (m.kind === 'caughtUp' ? [] : [m.kind === 'event' ? m.event.position : m.position]));
      if (furthest.length === 0) continue;
      await target.apply(delivered, furthest.reduce(maxPosition));
    }
  } finally {
    await subscription.close();
  }
}
