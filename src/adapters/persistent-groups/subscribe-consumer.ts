// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import { randomUUID } from 'node:crypto';
import { InvalidPersistentSubscriptionSettingsError } from '../../core/ports/event-store-errors.js';
import type { SubscribeOptions } from '../../core/ports/persistent-subscriptions.js';
import { GroupConsumer, type ConsumerHost } from './group-consumer.js';

/** A group's dispatcher as `subscribe` sees it: it hosts consumers and lets them join. */
export interface JoiningHost<Key> extends ConsumerHost<Key> {
  join(consumer: GroupConsumer<Key>): Promise<void>;
}

/**
 * A new consumer of `group`, returned at once: it joins in the background, and a bad buffer
 * size or a failed join (no such group, too many subscribers) ends its iteration with the error.
 */
export function subscribeConsumer<Key>(group: string, options: SubscribeOptions, host: JoiningHost<Key>): GroupConsumer<Key> {
  const bufferSize = options.bufferSize ?? 10;
  const consumerId = randomUUID();
  const consumer = new GroupConsumer<Key>(consumerId, options.name ?? consumerId, bufferSize, Date.now(), host);
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    consumer.end(new InvalidPersistentSubscriptionSettingsError(group, 'bufferSize must be a positive integer'));
  } else {
    host.join(consumer).catch((error: Error) => consumer.end(error));
  }
  return consumer;
}
