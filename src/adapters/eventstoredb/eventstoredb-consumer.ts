import { PARK, RETRY, SKIP, type KurrentDBClient, type PersistentAction, type PersistentSubscriptionToAll, type PersistentSubscriptionToAllResolvedEvent } from '@kurrent/kurrentdb-client';
import { isSystemEventType } from '../../core/events.js';
import { PersistentSubscriptionDroppedError } from '../../core/ports/event-store-errors.js';
import type { NackAction, PersistentEvent, PersistentSubscription } from '../../core/ports/persistent-subscriptions.js';
import { comparePositions, type Position } from '../../core/position.js';
import { groupErrorOf } from './group-error-of.js';
import { recordedEventOf } from './recorded-event-of.js';

const ACTIONS: Record<NackAction, PersistentAction> = { park: PARK, retry: RETRY, skip: SKIP };

/**
 * One consumer of a group: the client's persistent subscription, connected on the first pull so
 * that "group does not exist" surfaces there, as the port says. Acks and nacks go back with the
 * client's own events, on the connection the events came by: once the consumer is closed they
 * raise `PersistentSubscriptionDroppedError`, and client failures become the port's errors,
 * naming the operation and the group. A dropped connection ends the iteration with an error and is not retried
 * here: the runner starts over from its read model's checkpoint (catch-up first, then the group),
 * and acknowledges redeliveries at or below it without applying them.
 */
export class EventStoreDbConsumer implements PersistentSubscription, AsyncIterator<PersistentEvent> {
  readonly consumerId: string;
  private subscription: PersistentSubscriptionToAll | undefined;
  private iterator: AsyncIterator<PersistentSubscriptionToAllResolvedEvent> | undefined;
  private readonly delivered = new WeakMap<PersistentEvent, PersistentSubscriptionToAllResolvedEvent>();
  private closed = false;
  private skipping: Position | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly group: string,
    private readonly bufferSize: number,
    name: string,
    /**
     * The position the group starts after. The port's start is exclusive and the server's
     * inclusive: the event at it is acknowledged here and not delivered.
     */
    private readonly startAfter: () => Promise<Position | undefined> = async () => undefined,
  ) {
    this.consumerId = name;
  }

  [Symbol.asyncIterator](): AsyncIterator<PersistentEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<PersistentEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      if (!this.subscription) {
        this.skipping ??= await this.startAfter().catch((error: unknown) => Promise.reject(groupErrorOf('subscribe', this.group, error)));
        // Closed while reading where to start: nothing to connect.
        if (this.closed) return { done: true, value: undefined };
        this.subscription = this.client.subscribeToPersistentSubscriptionToAll(this.group, { bufferSize: this.bufferSize });
        this.iterator = this.subscription[Symbol.asyncIterator]();
      }
      let result: IteratorResult<PersistentSubscriptionToAllResolvedEvent>;
      try {
        result = await this.iterator!.next();
      } catch (error) {
        if (this.closed) return { done: true, value: undefined };
        throw groupErrorOf('subscribe', this.group, error);
      }
      // Closed while waiting: what arrived meanwhile is not acknowledged, and goes to other consumers.
      if (this.closed) return { done: true, value: undefined };
      // Only closing ends a consumer; the server ends it when the group is deleted (or it shuts down).
      if (result.done) throw new PersistentSubscriptionDroppedError(this.group, 'the server ended the subscription');
      const resolved = result.value;
      const event = resolved.event;
      if (!event) continue;
      const recorded = isSystemEventType(event.type) ? undefined : recordedEventOf(event, resolved.commitPosition);
      if (!recorded || (this.skipping && comparePositions(recorded.position, this.skipping) === 0)) {
        // System events (a group without a filter reads them) and the start position's own event: acknowledged, never delivered.
        await this.send('ack', (subscription) => subscription.ack(resolved));
        continue;
      }
      const delivered: PersistentEvent = { event: recorded, retryCount: resolved.retryCount };
      this.delivered.set(delivered, resolved);
      return { done: false, value: delivered };
    }
  }

  async return(): Promise<IteratorResult<PersistentEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async ack(events: readonly PersistentEvent[]): Promise<void> {
    if (events.length === 0) return;
    const resolved = this.resolvedOf(events);
    await this.send('ack', (subscription) => subscription.ack(...resolved));
  }

  async nack(action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void> {
    if (events.length === 0) return;
    const resolved = this.resolvedOf(events);
    await this.send('nack', (subscription) => subscription.nack(ACTIONS[action], reason, ...resolved));
  }

  /** Leaves the group, and ends a pull waiting for events: unsubscribing alone leaves the client's stream open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    this.iterator = undefined;
    await subscription?.unsubscribe().catch(() => undefined);
    subscription?.destroy();
  }

  /** Sends an ack or a nack on the connection the events came by; once it is closed, the server redelivers them to others. */
  private async send(operation: 'ack' | 'nack', call: (subscription: PersistentSubscriptionToAll) => Promise<void>): Promise<void> {
    const subscription = this.subscription;
    if (this.closed || !subscription) {
      throw new PersistentSubscriptionDroppedError(this.group, `consumer ${this.consumerId} is closed, so its ${operation} was not sent: the server redelivers the events`);
    }
    try {
      await call(subscription);
    } catch (error) {
      throw groupErrorOf(operation, this.group, error);
    }
  }

  private resolvedOf(events: readonly PersistentEvent[]): PersistentSubscriptionToAllResolvedEvent[] {
    return events.map((event) => {
      const resolved = this.delivered.get(event);
      if (!resolved) throw new TypeError(`event ${event.event.id} was not delivered to consumer ${this.consumerId}`);
      return resolved;
    });
  }
}
