import type { NackAction, PersistentEvent, PersistentSubscription } from '../../../core/ports/persistent-subscriptions.js';

export interface ConsumerHost {
  ack(consumer: SqliteConsumer, events: readonly PersistentEvent[]): Promise<void>;
  nack(consumer: SqliteConsumer, action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void>;
  leave(consumer: SqliteConsumer): Promise<void>;
}

/**
 * One consumer of a group, in this process. The group's dispatcher pushes the events assigned
 * to it; iteration hands them out in that order and waits when there are none.
 */
export class SqliteConsumer implements PersistentSubscription, AsyncIterator<PersistentEvent> {
  /** Position → retry count of each event handed to this consumer and not yet settled. */
  readonly delivered = new Map<number, number>();
  private readonly queue: PersistentEvent[] = [];
  private waiters: (() => void)[] = [];
  private ended = false;
  private failure: Error | undefined;

  constructor(
    readonly consumerId: string,
    readonly name: string,
    readonly bufferSize: number,
    readonly connectedAt: number,
    private readonly host: ConsumerHost,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<PersistentEvent> {
    return this;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  push(event: PersistentEvent): void {
    this.delivered.set(Number(event.event.position.commit), event.retryCount);
    this.queue.push(event);
    this.signal();
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
