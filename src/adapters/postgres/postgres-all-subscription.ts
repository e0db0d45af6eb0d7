import type { AllSubscription, SubscriptionMessage } from '../../core/ports/all-subscription.js';
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import { comparePositions, maxPosition, type Position } from '../../core/position.js';
import { isConnectionLoss } from './is-connection-loss.js';
import type { PostgresAllReader } from './postgres-all-reader.js';
import type { PostgresListener } from './postgres-listener.js';

const PAGE_SIZE = 512;
/** While events are held back by an older transaction that will not NOTIFY (not an append), look again soon. */
const HELD_BACK_POLL_MS = [2, 5, 10, 20, 50, 100];
/** A NOTIFY lost anyway is made good within this. */
const SAFETY_POLL_MS = 1_000;

/**
 * Catch-up and live are one loop, as in the embedded store: read the page after the last
 * position scanned (PostgresAllReader only returns positions that can no longer be preceded
 * by a late commit); when nothing is left, wait for the listener. Reading by position is what
 * makes the switch to live, and a lost listening connection, lose and repeat nothing.
 */
export class PostgresAllSubscription implements AllSubscription, AsyncIterator<SubscriptionMessage> {
  private readonly buffer: SubscriptionMessage[] = [];
  private caughtUp = false;
  private closed = false;
  private after: Position | undefined | 'end';
  /** The furthest position the consumer knows about, from an event or a checkpoint. */
  private lastReported: Position | undefined;
  private heldBackPolls = 0;

  constructor(
    from: Position | undefined | 'end',
    private readonly filter: EventTypeFilter | undefined,
    private readonly checkpointInterval: number,
    private readonly reader: PostgresAllReader,
    private readonly listener: PostgresListener,
    private readonly onClose: () => void = () => undefined,
  ) {
    this.after = from;
    this.lastReported = from === 'end' ? undefined : from;
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this;
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    while (!this.closed) {
      const message = this.buffer.shift();
      if (message) return { done: false, value: message };
      const seen = this.listener.current;
      const heldBack = await this.fillRetrying();
      if (this.buffer.length > 0 || this.closed) continue;
      const wait = heldBack ? HELD_BACK_POLL_MS[Math.min(this.heldBackPolls++, HELD_BACK_POLL_MS.length - 1)]! : SAFETY_POLL_MS;
      if (!heldBack) this.heldBackPolls = 0;
      await this.listener.changedSince(seen, wait);
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
    this.onClose();
    this.listener.wakeAll();
  }

  /**
   * A read that failed because the connection or the server went away is tried again, with
   * backoff, for as long as the subscription is open: it resumes from the last position it
   * delivered, so nothing is lost or repeated. Other errors end the iteration.
   */
  private async fillRetrying(): Promise<boolean> {
    for (let delay = 50; ; delay = Math.min(2_000, delay * 2)) {
      try {
        return await this.fill();
      } catch (error) {
        if (this.closed) return false;
        if (!isConnectionLoss(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.closed) return false;
      }
    }
  }

  private async fill(): Promise<boolean> {
    if (this.after === 'end') {
      this.after = await this.reader.headPosition();
      this.lastReported = this.after;
    }
    const page = await this.reader.readPage(this.after, this.filter, PAGE_SIZE);
    if (this.closed) return false;
    for (const event of page.events) this.buffer.push({ kind: 'event', event });
    if (page.scannedTo) this.after = this.after ? maxPosition(this.after, page.scannedTo) : page.scannedTo;
    const lastDelivered = page.events.at(-1)?.position;
    if (lastDelivered) this.lastReported = lastDelivered;
    if (this.filter && this.after && this.scannedSinceReport(this.after) >= BigInt(this.checkpointInterval)) {
      this.lastReported = this.after;
      this.buffer.push({ kind: 'checkpoint', position: this.after });
    }
    if (!this.caughtUp && (page.head === undefined || (this.after !== undefined && comparePositions(this.after, page.head) >= 0))) {
      this.caughtUp = true;
      this.buffer.push({ kind: 'caughtUp', position: page.head });
    }
    return page.heldBack;
  }

  /**
   * Roughly how many events were scanned since the last report: the sequence distance. It is
   * exact within one transaction and an estimate across them (their sequence ranges interleave).
   */
  private scannedSinceReport(after: Position): bigint {
    if (this.lastReported === undefined) return after.prepare;
    if (comparePositions(after, this.lastReported) <= 0) return 0n;
    const distance = after.prepare - this.lastReported.prepare;
    return distance < 0n ? -distance : distance;
  }
}
