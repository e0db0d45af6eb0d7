import { hostname } from 'node:os';
import { PersistentSubscriptionExistsError } from '../ports/event-store-errors.js';
import type { PersistentEvent, PersistentSubscriptions } from '../ports/persistent-subscriptions.js';
import { groupOf } from '../projections/generation.js';
import { comparePositions, maxPosition } from '../position.js';
import { Batcher } from './batcher.js';
import type { LiveTarget } from './live-target.js';

/**
 * Live events through the generation's persistent subscription group: workers in several
 * processes join it, one receives (DispatchToSingle), and another takes over when it dies. A
 * delivery only says how far to read: the events up to there are read from `$all` and applied
 * in order (groups promise no order across redeliveries); deliveries at or below the checkpoint
 * are acknowledged without being applied.
 */
export async function followGroup(subscriptions: PersistentSubscriptions, target: LiveTarget): Promise<void> {
  const group = groupOf(target.generation);
  const { batchSize, batchWaitMs } = target.options;
  await subscriptions
    .create(
      group,
      {
        startFrom: target.position() ?? 'start',
        consumerStrategy: 'DispatchToSingle',
        messageTimeoutMs: 60_000,
        maxRetryCount: 1_000,
        liveBufferSize: Math.max(500, batchSize * 2),
      },
      target.filter,
    )
    .catch((error: unknown) => {
      if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
    });
  const subscription = subscriptions.subscribe(group, { bufferSize: batchSize, name: `${hostname()}:${process.pid}` });
  target.holding(subscription);
  const batcher = new Batcher<PersistentEvent>(subscription[Symbol.asyncIterator]());
  try {
    while (!target.stopping() && !batcher.ended) {
      const delivered = await batcher.next(batchSize, batchWaitMs, target.interruption());
      if (delivered.length === 0) continue;
      const furthest = delivered.map((d) => d.event.position).reduce(maxPosition);
      const at = target.position();
      if (!at || comparePositions(furthest, at) > 0) await target.applyUpTo(furthest);
      await subscription.ack(delivered);
    }
  } finally {
    await subscription.close();
  }
}
