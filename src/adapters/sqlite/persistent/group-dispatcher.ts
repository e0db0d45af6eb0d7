import type { RecordedEvent } from '../../../core/events.js';
import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import {
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionNotFoundError,
} from '../../../core/ports/event-store-errors.js';
import type { ConsumerStrategy, NackAction, PersistentEvent } from '../../../core/ports/persistent-subscriptions.js';
import type { ChangeFeed } from '../change-feed.js';
import type { EventReader } from '../event-reader.js';
import type { WriteQueue } from '../group-commit.js';
import type { ConsumerRow, Group, GroupTables, MessageRow } from './group-tables.js';
import type { ConsumerHost, SqliteConsumer } from './sqlite-consumer.js';

export interface DispatchTiming {
  /** How often this process renews its consumers' liveness and checks deadlines. */
  readonly heartbeatMs: number;
  /** A consumer whose process has not renewed it for this long is dead. */
  readonly consumerTimeoutMs: number;
}

interface Delivery {
  readonly consumer: SqliteConsumer;
  readonly message: MessageRow;
}

/**
 * Dispatches one group's events to the consumers of this process. Each round, in one write
 * transaction: renew our consumers, retire dead consumers and expired deliveries, read new
 * events into the group, assign pending events by the consumer strategy, and collect what was
 * assigned to our consumers. The group's state is in the database, so dispatchers in several
 * processes cooperate without talking to each other: a round runs after every commit to the
 * file and on a timer.
 */
export class GroupDispatcher implements ConsumerHost {
  private readonly consumers = new Map<string, SqliteConsumer>();
  private running = false;
  private again = false;
  private roundRobin = 0;
  private lastHeartbeat = 0;
  /** How far the last round read `$all` into the group: new events after it call for a round. */
  private scanned: { position: number; filter: EventTypeFilter | undefined } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    readonly group: string,
    private readonly tables: GroupTables,
    private readonly reader: EventReader,
    private readonly writes: WriteQueue,
    private readonly changes: ChangeFeed,
    private readonly timing: DispatchTiming,
    private readonly onIdle: (dispatcher: GroupDispatcher) => void,
  ) {}

  async join(consumer: SqliteConsumer): Promise<void> {
    try {
      await this.writes.run(() => {
        const group = this.requireGroup();
        const limit = group.settings.maxSubscriberCount;
        if (limit > 0 && this.tables.consumers(this.group).length >= limit) throw new MaximumSubscribersReachedError(this.group, limit);
        this.tables.addConsumer(this.group, consumer);
      });
    } catch (error) {
      if (this.consumers.size === 0) this.stop();
      throw error;
    }
    this.consumers.set(consumer.consumerId, consumer);
    this.timer ??= setInterval(() => this.schedule(), this.timing.heartbeatMs);
    this.stopListening ??= this.changes.onChange((external) => (external ? this.schedule() : this.scheduleIfNewEvents()));
    this.schedule();
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
    this.consumers.delete(consumer.consumerId);
    await this.writes.run(() => {
      const group = this.tables.group(this.group);
      if (group) this.tables.removeConsumer(group, consumer.consumerId, `consumer ${consumer.name} left`);
    });
    if (this.consumers.size === 0) this.stop();
    else this.schedule();
  }

  /** Closes every local consumer, giving back what they held. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.close()));
  }

  /** Ends every local consumer: the group is gone. */
  drop(reason: string): void {
    const error = new PersistentSubscriptionDroppedError(this.group, reason);
    for (const consumer of this.consumers.values()) consumer.end(error);
    this.consumers.clear();
    this.stop();
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
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.rounds());
  }

  private async rounds(): Promise<void> {
    try {
      do {
        this.again = false;
        if (this.consumers.size === 0) break;
        const deliveries = await this.writes.run(() => this.round(Date.now()));
        if (deliveries === undefined) this.drop('the group was deleted');
        else this.deliver(deliveries);
      } while (this.again);
    } catch (error) {
      this.drop(`dispatch failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private round(now: number): Delivery[] | undefined {
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
    for (const consumer of this.consumers.values()) {
      if (!this.tables.heartbeat(this.group, consumer.consumerId, now)) this.tables.addConsumer(this.group, consumer);
    }
  }

  private retireDeadConsumers(group: Group, now: number): ConsumerRow[] {
    const alive: ConsumerRow[] = [];
    for (const row of this.tables.consumers(this.group)) {
      const dead = !this.consumers.has(row.consumer_id) && row.heartbeat_at < now - this.timing.consumerTimeoutMs;
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
    for (const event of page.events) this.tables.enqueue(this.group, Number(event.position.commit), pinOf(event));
    if (page.scannedTo > group.readPosition) this.tables.setReadPosition(this.group, page.scannedTo);
    return Math.max(group.readPosition, page.scannedTo);
  }

  private assign(group: Group, consumers: ConsumerRow[], now: number): void {
    if (consumers.length === 0) return;
    const inFlight = this.tables.inFlightByConsumer(this.group);
    const free = consumers.map((c) => c.buffer_size - (inFlight.get(c.consumer_id) ?? 0));
    if (free.every((f) => f <= 0)) return;
    const deadline = now + group.settings.messageTimeoutMs;
    for (const message of this.tables.pending(this.group, group.settings.liveBufferSize)) {
      const index = this.choose(group.settings.consumerStrategy, message.pin, free);
      if (index < 0) {
        if (group.settings.consumerStrategy === 'Pinned') continue;
        break;
      }
      free[index]! -= 1;
      this.tables.assign(this.group, message.position, consumers[index]!.consumer_id, deadline);
    }
  }

  private choose(strategy: ConsumerStrategy, pin: number, free: number[]): number {
    if (strategy === 'DispatchToSingle') return free.findIndex((f) => f > 0);
    if (strategy === 'Pinned') {
      const index = pin % free.length;
      return free[index]! > 0 ? index : -1;
    }
    for (let k = 0; k < free.length; k += 1) {
      const index = (this.roundRobin + k) % free.length;
      if (free[index]! > 0) {
        this.roundRobin = index + 1;
        return index;
      }
    }
    return -1;
  }

  private collectLocalDeliveries(): Delivery[] {
    const deliveries: Delivery[] = [];
    for (const consumer of this.consumers.values()) {
      const assigned = this.tables.assignedTo(this.group, consumer.consumerId);
      const current = new Set(assigned.map((m) => m.position));
      for (const position of consumer.delivered.keys()) if (!current.has(position)) consumer.delivered.delete(position);
      for (const message of assigned) {
        if (consumer.delivered.get(message.position) !== message.retry_count) deliveries.push({ consumer, message });
      }
    }
    return deliveries;
  }

  private deliver(deliveries: Delivery[]): void {
    if (deliveries.length === 0) return;
    const events = new Map<number, RecordedEvent>();
    for (const event of this.reader.eventsAt(deliveries.map((d) => d.message.position))) events.set(Number(event.position.commit), event);
    for (const { consumer, message } of deliveries) {
      const event = events.get(message.position);
      if (event && consumer.isOpen) consumer.push({ event, retryCount: message.retry_count });
    }
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
    for (const { event } of events) consumer.delivered.delete(Number(event.position.commit));
    this.schedule();
  }

  private requireGroup(): Group {
    const group = this.tables.group(this.group);
    if (!group) throw new PersistentSubscriptionNotFoundError(this.group);
    return group;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
    this.onIdle(this);
  }
}

/** FNV-1a of the stream name: the same stream always lands on the same pinned consumer. */
function pinOf(event: RecordedEvent): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < event.streamId.length; i += 1) {
    hash ^= event.streamId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
