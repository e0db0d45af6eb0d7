import type { AllSubscription, SubscriptionMessage } from '../../core/ports/all-subscription.js';
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import { position } from '../../core/position.js';
import type { ChangeFeed } from './change-feed.js';
import type { Page } from './event-reader.js';

const PAGE_SIZE = 512;

/**
 * Catch-up and live are the same loop: read the page after the last position scanned; when
 * nothing is left, wait for the next commit. Reading by position from one sequence that grows
 * in commit order is what makes the switch to live lose and repeat nothing.
 */
export class SqliteAllSubscription implements AllSubscription, AsyncIterator<SubscriptionMessage> {
  private readonly buffer: SubscriptionMessage[] = [];
  private caughtUp = false;
  private closed = false;
  /** The furthest position the consumer knows about, from an event or a checkpoint. */
  private lastReported: number;

  constructor(
    private after: number,
    private readonly filter: EventTypeFilter | undefined,
    private readonly checkpointInterval: number,
    private readonly readPage: (after: number, filter: EventTypeFilter | undefined, maxCount: number) => Page,
    private readonly changes: ChangeFeed,
    private readonly isOpen: () => boolean,
  ) {
    this.lastReported = after;
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this;
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    while (!this.closed && this.isOpen()) {
      const message = this.buffer.shift();
      if (message) return { done: false, value: message };
      const seen = this.changes.current;
      this.fill();
      if (this.buffer.length === 0) await this.changes.changedSince(seen);
    }
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<SubscriptionMessage>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.buffer.length = 0;
    this.changes.wakeAll();
  }

  private fill(): void {
    const page = this.readPage(this.after, this.filter, PAGE_SIZE);
    for (const event of page.events) this.buffer.push({ kind: 'event', event });
    this.after = Math.max(this.after, page.scannedTo);
    const lastDelivered = page.events.at(-1)?.position.commit;
    if (lastDelivered !== undefined) this.lastReported = Number(lastDelivered);
    if (this.filter && this.after - this.lastReported >= this.checkpointInterval) {
      this.lastReported = this.after;
      this.buffer.push({ kind: 'checkpoint', position: position(BigInt(this.after)) });
    }
    if (!this.caughtUp && this.after >= page.head) {
      this.caughtUp = true;
      this.buffer.push({ kind: 'caughtUp', position: page.head === 0 ? undefined : position(BigInt(page.head)) });
    }
  }
}
