// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import { InvalidPersistentSubscriptionSettingsError } from '../../core/ports/event-store-errors.js';
import type { PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';

const STRATEGIES = new Set(['DispatchToSingle', 'RoundRobin', 'Pinned']);

/** Rejects settings EventStoreDB would reject, naming the setting. */
export function validateSettings(group: string, settings: PersistentSubscriptionSettings): PersistentSubscriptionSettings {
  const fail = (reason: string): never => {
    throw new InvalidPersistentSubscriptionSettingsError(group, reason);
  };
  if (typeof group !== 'string' || group.length === 0) fail('the group name is empty');
  if (!STRATEGIES.has(settings.consumerStrategy)) fail(`consumerStrategy "${String(settings.consumerStrategy)}" is not one of ${[...STRATEGIES].join(', ')}`);
  const counts: (keyof PersistentSubscriptionSettings)[] = ['maxRetryCount', 'checkpointAfterMs', 'maxSubscriberCount'];
  for (const key of counts) if (!isCount(settings[key], 0)) fail(`${key} must be an integer of at least 0`);
  const positives: (keyof PersistentSubscriptionSettings)[] = ['messageTimeoutMs', 'checkpointLowerBound', 'checkpointUpperBound', 'liveBufferSize'];
  for (const key of positives) if (!isCount(settings[key], 1)) fail(`${key} must be an integer of at least 1`);
  if (settings.checkpointLowerBound > settings.checkpointUpperBound) fail('checkpointLowerBound must not exceed checkpointUpperBound');
  const from = settings.startFrom;
  if (from !== 'start' && from !== 'end' && (typeof from !== 'object' || typeof from?.commit !== 'bigint')) fail('startFrom must be start, end or a position');
  return settings;
}

function isCount(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}
