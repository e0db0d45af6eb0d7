import type { RecordedEvent } from '../../../core/events.js';
import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import {
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionNotFoundError,
} from '../../../core/ports/event-store-errors.js';
import type { NackAction, PersistentEvent } from '../../../core/ports/persistent-subscriptions.js';
import { ConsumerChoice } from '../../persistent-groups/consumer-choice.js';
import type { DispatchTiming } from '../../persistent-groups/dispatch-timing.js';
import { freeRoom } from '../../persistent-groups/free-room.js';
import type { ConsumerHost, GroupConsumer } from '../../persistent-groups/group-consumer.js';
import type { Delivery } from '../../persistent-groups/local-consumers.js';
import { LocalGroup } from '../../persistent-groups/local-group.js';
import { streamPin } from '../../persistent-groups/stream-pin.js';
import type { ChangeFeed } from '../change-feed.js';
import type { EventReader } from '../event-reader.js';
import type { WriteQueue } from '../group-commit.js';
import type { ConsumerRow, Group, GroupTables, MessageRow } from './group-tables.js';

/** A local consumer: the group's messages are keyed by their `$all` commit position. */
type SqliteConsumer = GroupConsumer<number>;

/**
 * Dispatches one group's events to the consumers of this process. Each round, in one write
 * transaction: renew our consumers, retire dead consumers and expired deliveries, read new
 * events into the group, assign pending events by the consumer strategy, and collect what was
 * assigned to our consumers. The group's state is in the database, so dispatchers in several
 * processes cooperate without talking to each other: a round runs after every commit to the
 * file and on a timer.
 */
export class GroupDispatcher implements ConsumerHost<number> {
  private readonly local: LocalGroup<number>;
  private readonly choice = new ConsumerChoice();
  private lastHeartbeat = 0;
  /** How far the last round read `$all` into the group: new events after it call for a round. */
  private scanned: { position: number; filter: EventTypeFilter | undefined } | undefined;

  constructor(
    readonly group: string,
    private readonly tables: GroupTables,
    private readonly reader: EventReader,
    private readonly writes: WriteQueue,
    private readonly changes: ChangeFeed,
    private readonly timing: DispatchTiming,
    onIdle: (dispatcher: GroupDispatcher) => void,
  ) {
    this.local = new LocalGroup({
      heartbeatMs: timing.heartbeatMs,
      round: () => this.dispatch(),
      failed: (error) => this.drop(`dispatch failed: ${(error as Error).message}`),
      listen: () => this.changes.onChange((external) => (external ? this.schedule() : this.scheduleIfNewEvents())),
      idle: () => onIdle(this),
    });
  }

  async join(consumer: SqliteConsumer): Promise<void> {
    await this.local.join(consumer, () =>
      this.writes.run(() => {
        const group = this.requireGroup();
        const limit = group.settings.maxSubscriberCount;
        if (limit > 0 && this.tables.consumers(this.group).length >= limit) throw new MaximumSubscribersReachedError(this.group, limit);
        this.tables.addConsumer(this.group, consumer);
      }),
      () => this.giveBack(consumer),
    );
  }

  async ack(consumer: SqliteConsumer, events: readonly PersistentEvent[]): Promise<void> {
    await this.settle(consumer, events, (group, message) => this.tables.settle(group.name, message.position));
  }

  async nack(consumer: SqliteConsumer, action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void> {
    await this.settle(consumer, events, (group, message) => {
      if (action === 'park') this.tables.park(group.name, message, reason);
      else if (action === 'retry') this.tables.retry(group, message, reason);
      else this.tables.settle(group.name, message.position);
    });
  }

  async leave(consumer: SqliteConsumer): Promise<void> {
    await this.local.leave(consumer, () => this.giveBack(consumer));
  }

  /** Removes the consumer's membership; what it held is pending again. */
  private giveBack(consumer: SqliteConsumer): Promise<void> {
    return this.writes.run(() => {
      const group = this.tables.group(this.group);
      if (group) this.tables.removeConsumer(group, consumer.consumerId, `consumer ${consumer.name} left`);
    });
  }

  /** Closes every local consumer, giving back what they held. */
  async closeAll(): Promise<void> {
    await this.local.consumers.closeAll();
  }

  /** Ends every local consumer: the group is gone. */
  drop(reason: string): void {
    this.local.drop(new PersistentSubscriptionDroppedError(this.group, reason));
  }

  /**
   * After a commit of this process: a round is due only if events this group takes were
   * appended (its own writes, and acks and joins, schedule one themselves). A round is a write
   * transaction; every group of the process would otherwise run one after every append.
   */
  private scheduleIfNewEvents(): void {
    const scanned = this.scanned;
    if (scanned === undefined || this.reader.countAfter(scanned.position, scanned.filter, 1) > 0) this.schedule();
  }

  schedule(): void {
    this.local.schedule();
  }

  private async dispatch(): Promise<void> {
    const deliveries = await this.writes.run(() => this.round(Date.now()));
    if (deliveries === undefined) this.drop('the group was deleted');
    else this.deliver(deliveries);
  }

  private round(now: number): Delivery<number>[] | undefined {
    const group = this.tables.group(this.group);
    if (!group) return undefined;
    this.renewLocalConsumers(now);
    const consumers = this.retireDeadConsumers(group, now);
    for (const message of this.tables.expired(this.group, now)) this.tables.retry(group, message, 'message timeout');
    this.scanned = { position: this.readAhead(group), filter: group.filter };
    this.assign(group, consumers, now);
    this.tables.checkpointIfDue(this.group, now);
    return this.collectLocalDeliveries();
  }

  private renewLocalConsumers(now: number): void {
    if (now - this.lastHeartbeat < this.timing.heartbeatMs / 2) return;
    this.lastHeartbeat = now;
    for (const consumer of this.local.consumers.all()) {
      if (!this.tables.heartbeat(this.group, consumer.consumerId, now)) this.tables.addConsumer(this.group, consumer);
    }
  }

  private retireDeadConsumers(group: Group, now: number): ConsumerRow[] {
    const alive: ConsumerRow[] = [];
    for (const row of this.tables.consumers(this.group)) {
      const dead = !this.local.consumers.has(row.consumer_id) && row.heartbeat_at < now - this.timing.consumerTimeoutMs;
      if (dead) this.tables.removeConsumer(group, row.consumer_id, `consumer ${row.name} stopped responding`);
      else alive.push(row);
    }
    return alive;
  }

  /** Reads new events into the group, as far as its buffer has room; returns how far it read. */
  private readAhead(group: Group): number {
    const room = group.settings.liveBufferSize - this.tables.outstanding(this.group);
    if (room <= 0) return group.readPosition;
    const page = this.reader.readPage(group.readPosition, group.filter, room);
    for (const event of page.events) this.tables.enqueue(this.group, Number(event.position.commit), streamPin(event.streamId));
    if (page.scannedTo > group.readPosition) this.tables.setReadPosition(this.group, page.scannedTo);
    return Math.max(group.readPosition, page.scannedTo);
  }

  private assign(group: Group, consumers: ConsumerRow[], now: number): void {
    if (consumers.length === 0) return;
    const free = freeRoom(consumers, this.tables.inFlightByConsumer(this.group));
    if (free.every((f) => f <= 0)) return;
    const deadline = now + group.settings.messageTimeoutMs;
    const pending = this.tables.pending(this.group, group.settings.liveBufferSize);
    const ids = consumers.map((c) => c.consumer_id);
    for (const [consumerId, messages] of this.choice.distribute(group.settings.consumerStrategy, ids, free, pending)) {
      for (const message of messages) this.tables.assign(this.group, message.position, consumerId, deadline);
    }
  }

  private collectLocalDeliveries(): Delivery<number>[] {
    const deliveries: Delivery<number>[] = [];
    for (const consumer of this.local.consumers.all()) {
      for (const message of consumer.undelivered(this.tables.assignedTo(this.group, consumer.consumerId))) deliveries.push({ consumer, message });
    }
    return deliveries;
  }

  private deliver(deliveries: Delivery<number>[]): void {
    if (deliveries.length === 0) return;
    const events = new Map<number, RecordedEvent>();
    for (const event of this.reader.eventsAt(deliveries.map((d) => d.message.position))) events.set(Number(event.position.commit), event);
    this.local.consumers.handOut(deliveries, events);
  }

  private async settle(
    consumer: SqliteConsumer,
    events: readonly PersistentEvent[],
    apply: (group: Group, message: MessageRow) => void,
  ): Promise<void> {
    await this.writes.run(() => {
      const group = this.requireGroup();
      for (const { event } of events) {
        const message = this.tables.message(this.group, Number(event.position.commit));
        if (message) apply(group, message);
      }
      this.tables.checkpointIfDue(this.group, Date.now());
    });
    for (const { event } of events) consumer.settled(Number(event.position.commit));
    this.schedule();
  }

  private requireGroup(): Group {
    const group = this.tables.group(this.group);
    if (!group) throw new PersistentSubscriptionNotFoundError(this.group);
    return group;
  }
}
