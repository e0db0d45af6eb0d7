// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { RecordedEvent } from '../../core/events.js';
import type { AssignedMessage, GroupConsumer } from './group-consumer.js';

/** A message the group assigned to a consumer of this process that has not been handed to it yet. */
export interface Delivery<Key> {
  readonly consumer: GroupConsumer<Key>;
  readonly message: AssignedMessage<Key>;
}

/** The consumers of one group in this process, by consumer id. */
export class LocalConsumers<Key> {
  private readonly consumers = new Map<string, GroupConsumer<Key>>();

  get size(): number {
    return this.consumers.size;
  }

  has(consumerId: string): boolean {
    return this.consumers.has(consumerId);
  }

  all(): IterableIterator<GroupConsumer<Key>> {
    return this.consumers.values();
  }

  add(consumer: GroupConsumer<Key>): void {
    this.consumers.set(consumer.consumerId, consumer);
  }

  remove(consumer: GroupConsumer<Key>): void {
    this.consumers.delete(consumer.consumerId);
  }

  /** Hands each delivery's event to its consumer while the consumer is open; one whose event was not found is left for a later round. */
  handOut(deliveries: readonly Delivery<Key>[], events: ReadonlyMap<Key, RecordedEvent>): void {
    for (const { consumer, message } of deliveries) {
      const event = events.get(message.position);
      if (event && consumer.isOpen) consumer.push({ event, retryCount: message.retry_count }, message.position);
    }
  }

  /** Closes every one, giving back what they held. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.close()));
  }

  /** Ends every one's iteration with `error` and forgets them all: the group is gone. */
  endAll(error: Error): void {
    for (const consumer of this.consumers.values()) consumer.end(error);
    this.consumers.clear();
  }
}
