// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { NackAction, PersistentEvent, PersistentSubscription } from '../../core/ports/persistent-subscriptions.js';

/** What a consumer asks of its group's dispatcher, which does the engine's I/O. */
export interface ConsumerHost<Key> {
  ack(consumer: GroupConsumer<Key>, events: readonly PersistentEvent[]): Promise<void>;
  nack(consumer: GroupConsumer<Key>, action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void>;
  leave(consumer: GroupConsumer<Key>): Promise<void>;
}

/** A message of the group assigned to a consumer: its position, as the engine keys it, and its retries so far. */
export interface AssignedMessage<Key> {
  readonly position: Key;
  readonly retry_count: number;
}

/**
 * One consumer of a group, in this process. The group's dispatcher pushes the events assigned
 * to it; iteration hands them out in that order and waits when there are none. `Key` is how
 * the engine keys a message's position (a number in SQLite, the text of a bigint in PostgreSQL).
 */
export class GroupConsumer<Key> implements PersistentSubscription, AsyncIterator<PersistentEvent> {
  /** Position → retry count of each event handed to this consumer and not yet settled. */
  private readonly delivered = new Map<Key, number>();
  private readonly queue: PersistentEvent[] = [];
  private waiters: (() => void)[] = [];
  private ended = false;
  private failure: Error | undefined;

  constructor(
    readonly consumerId: string,
    readonly name: string,
    readonly bufferSize: number,
    readonly connectedAt: number,
    private readonly host: ConsumerHost<Key>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<PersistentEvent> {
    return this;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Hands out the event of the message at `position`. */
  push(event: PersistentEvent, position: Key): void {
    this.delivered.set(position, event.retryCount);
    this.queue.push(event);
    this.signal();
  }

  /**
   * Of the messages the group now assigns to this consumer, those it has not been handed at
   * their current retry count (new ones, and ones given back and assigned again); it forgets
   * what is no longer assigned to it.
   */
  undelivered<M extends AssignedMessage<Key>>(assigned: readonly M[]): M[] {
    const current = new Set(assigned.map((m) => m.position));
    for (const position of this.delivered.keys()) if (!current.has(position)) this.delivered.delete(position);
    return assigned.filter((message) => this.delivered.get(message.position) !== message.retry_count);
  }

  /** Forgets the delivery at `position`: it was acknowledged, nacked or skipped. */
  settled(position: Key): void {
    this.delivered.delete(position);
  }

  /** Ends the iteration: quietly after close(), with `error` when the group was dropped. */
  end(error?: Error): void {
    this.ended = true;
    this.failure ??= error;
    this.queue.length = 0;
    this.signal();
  }

  async next(): Promise<IteratorResult<PersistentEvent>> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.ended) return { done: true, value: undefined };
      const event = this.queue.shift();
      if (event) return { done: false, value: event };
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async return(): Promise<IteratorResult<PersistentEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  ack(events: readonly PersistentEvent[]): Promise<void> {
    return this.host.ack(this, events);
  }

  nack(action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void> {
    return this.host.nack(this, action, reason, events);
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.end();
    await this.host.leave(this);
  }

  private signal(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
