import type pg from 'pg';
import type { RecordedEvent } from '../../../core/events.js';
import {
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionNotFoundError,
} from '../../../core/ports/event-store-errors.js';
import type { NackAction, PersistentEvent } from '../../../core/ports/persistent-subscriptions.js';
import { comparePositions, type Position } from '../../../core/position.js';
import { inTransaction } from '../in-transaction.js';
import { isConnectionLoss } from '../is-connection-loss.js';
import type { PostgresAllReader, Queryable } from '../postgres-all-reader.js';
import { ConsumerChoice } from '../../persistent-groups/consumer-choice.js';
import type { DispatchTiming } from '../../persistent-groups/dispatch-timing.js';
import { freeRoom } from '../../persistent-groups/free-room.js';
import type { ConsumerHost, GroupConsumer } from '../../persistent-groups/group-consumer.js';
import type { Delivery } from '../../persistent-groups/local-consumers.js';
import { LocalGroup } from '../../persistent-groups/local-group.js';
import { streamPin } from '../../persistent-groups/stream-pin.js';
import { GROUP_PREFIX, type PostgresListener } from '../postgres-listener.js';
import { groupTables as tables, type ConsumerRow, type Group, type MessageRow } from './postgres-group-tables.js';

/** A local consumer: the group's messages are keyed by the text of their sequence position. */
type PostgresConsumer = GroupConsumer<string>;

const RETRY_AFTER_CONNECTION_LOSS_MS = 200;
const HELD_BACK_RETRY_MS = 20;

/**
 * Dispatches one group's events to the consumers of this process, as the embedded store's
 * dispatcher does. Each round is one transaction that first locks the group's row, so rounds
 * of all processes on one group take turns: renew our consumers' leases, retire consumers whose
 * lease ran out (what they held goes to others, one retry further on), retry expired deliveries,
 * read new events into the group, assign pending events by the consumer strategy, and collect
 * what was assigned to our consumers. A round runs after appends (the listener), after acks
 * and joins, and on a timer.
 *
 * Fencing: an ack or nack settles only messages assigned to the consumer that sends it, so a
 * consumer retired while paused (its lease expired) cannot settle what was given to another;
 * when it resumes it joins again, in a new membership epoch.
 */
export class PostgresGroupDispatcher implements ConsumerHost<string> {
  private readonly local: LocalGroup<string>;
  private readonly choice = new ConsumerChoice();
  private lastHeartbeat = 0;
  private heldBackRetry: NodeJS.Timeout | undefined;
  /** How far the last round read `$all` into the group: new events after it call for a round. */
  private scanned: Pick<Group, 'read' | 'filter'> | undefined;

  constructor(
    readonly group: string,
    private readonly pool: pg.Pool,
    private readonly reader: PostgresAllReader,
    private readonly listener: PostgresListener,
    private readonly timing: DispatchTiming,
    onIdle: (dispatcher: PostgresGroupDispatcher) => void,
  ) {
    this.local = new LocalGroup({
      heartbeatMs: timing.heartbeatMs,
      round: () => this.dispatch(),
      failed: (error) => {
        // A lost connection is not the group's end: the round runs again (the timer also fires).
        if (isConnectionLoss(error)) setTimeout(() => this.schedule(), RETRY_AFTER_CONNECTION_LOSS_MS);
        else this.drop(`dispatch failed: ${(error as Error).message}`);
      },
      listen: () => {
        const stops = [
          this.listener.onChange(() => void this.scheduleIfNewEvents()),
          this.listener.onGroupChange((group) => group === this.group && this.schedule()),
        ];
        return () => stops.forEach((stop) => stop());
      },
      idle: () => {
        clearTimeout(this.heldBackRetry);
        this.heldBackRetry = undefined;
        onIdle(this);
      },
    });
  }

  async join(consumer: PostgresConsumer): Promise<void> {
    await this.local.join(consumer, () =>
      inTransaction(this.pool, async (db) => {
        const group = await this.requireGroup(db);
        const limit = group.settings.maxSubscriberCount;
        if (limit > 0 && (await tables.consumers(db, this.group)).length >= limit) throw new MaximumSubscribersReachedError(this.group, limit);
        await tables.addConsumer(db, this.group, consumer, Date.now() + this.timing.consumerTimeoutMs);
      }),
      () => this.giveBack(consumer),
    );
  }

  async ack(consumer: PostgresConsumer, events: readonly PersistentEvent[]): Promise<void> {
    await this.settle(consumer, events, (db, _group, message) => tables.settle(db, this.group, message.position));
  }

  async nack(consumer: PostgresConsumer, action: NackAction, reason: string, events: readonly PersistentEvent[]): Promise<void> {
    await this.settle(consumer, events, (db, group, message) => {
      if (action === 'park') return tables.park(db, group.name, message, reason);
      if (action === 'retry') return tables.retry(db, group, message, reason);
      return tables.settle(db, group.name, message.position);
    });
  }

  async leave(consumer: PostgresConsumer): Promise<void> {
    await this.local.leave(consumer, () => this.giveBack(consumer));
  }

  /** Removes the consumer's membership; what it held is pending again. */
  private giveBack(consumer: PostgresConsumer): Promise<void> {
    return inTransaction(this.pool, async (db) => {
      const group = await tables.lock(db, this.group);
      if (!group) return;
      await tables.removeConsumer(db, group, consumer.consumerId, `consumer ${consumer.name} left`);
      await this.notifyOthers(db); // consumers elsewhere may take what it held
    });
  }

  async closeAll(): Promise<void> {
    await this.local.consumers.closeAll();
  }

  drop(reason: string): void {
    this.local.drop(new PersistentSubscriptionDroppedError(this.group, reason));
  }

  /**
   * After an append anywhere: a round (a transaction locking the group) is due only if events
   * this group takes were appended. Acks, joins and the timer schedule rounds themselves.
   */
  private async scheduleIfNewEvents(): Promise<void> {
    const scanned = this.scanned;
    try {
      if (scanned === undefined || (await this.reader.countAfter(scanned.read, scanned.filter, 1, true)) > 0) this.schedule();
    } catch {
      this.schedule();
    }
  }

  schedule(): void {
    this.local.schedule();
  }

  private async dispatch(): Promise<void> {
    const deliveries = await inTransaction(this.pool, (db) => this.round(db, Date.now()));
    if (deliveries === undefined) this.drop('the group was deleted');
    else await this.deliver(deliveries);
  }

  /** Events the last round found committed but held back (see PostgresAllReader): look again soon. */
  private lookAgainSoon(): void {
    if (this.heldBackRetry || this.local.consumers.size === 0) return;
    this.heldBackRetry = setTimeout(() => {
      this.heldBackRetry = undefined;
      this.schedule();
    }, HELD_BACK_RETRY_MS);
  }

  private async round(db: Queryable, now: number): Promise<Delivery<string>[] | undefined> {
    const group = await tables.lock(db, this.group);
    if (!group) return undefined;
    await this.renewLocalConsumers(db, now);
    const consumers = await this.retireDeadConsumers(db, group, now);
    for (const message of await tables.expired(db, this.group, now)) await tables.retry(db, group, message, 'message timeout');
    this.scanned = { read: await this.readAhead(db, group), filter: group.filter };
    await this.assign(db, group, consumers, now);
    await tables.checkpointIfDue(db, this.group, now);
    return this.collectLocalDeliveries(db);
  }

  private async renewLocalConsumers(db: Queryable, now: number): Promise<void> {
    if (now - this.lastHeartbeat < this.timing.heartbeatMs / 2) return;
    this.lastHeartbeat = now;
    const leaseUntil = now + this.timing.consumerTimeoutMs;
    for (const consumer of this.local.consumers.all()) {
      if (!(await tables.renew(db, this.group, consumer.consumerId, leaseUntil))) await tables.addConsumer(db, this.group, consumer, leaseUntil);
    }
  }

  private async retireDeadConsumers(db: Queryable, group: Group, now: number): Promise<ConsumerRow[]> {
    const alive: ConsumerRow[] = [];
    for (const row of await tables.consumers(db, this.group)) {
      const dead = !this.local.consumers.has(row.consumer_id) && Number(row.lease_until) < now;
      if (dead) await tables.removeConsumer(db, group, row.consumer_id, `consumer ${row.name} stopped responding`);
      else alive.push(row);
    }
    return alive;
  }

  /** Reads new events into the group, as far as its buffer has room; returns how far it read. */
  private async readAhead(db: Queryable, group: Group): Promise<Position | undefined> {
    const room = group.settings.liveBufferSize - (await tables.outstanding(db, this.group));
    if (room <= 0) return group.read;
    const page = await this.reader.readPage(group.read, group.filter, room, db);
    if (page.heldBack) this.lookAgainSoon();
    await tables.enqueue(db, this.group, page.events.map((event) => ({ position: event.position, pin: streamPin(event.streamId) })));
    const scannedTo = page.scannedTo;
    if (scannedTo === undefined || (group.read && comparePositions(scannedTo, group.read) <= 0)) return group.read;
    await tables.setRead(db, this.group, scannedTo);
    return scannedTo;
  }

  private async assign(db: Queryable, group: Group, consumers: ConsumerRow[], now: number): Promise<void> {
    if (consumers.length === 0) return;
    const free = freeRoom(consumers, await tables.inFlightByConsumer(db, this.group));
    if (free.every((f) => f <= 0)) return;
    const pending = await tables.pending(db, this.group, group.settings.liveBufferSize);
    const ids = consumers.map((c) => c.consumer_id);
    const chosen = this.choice.distribute(group.settings.consumerStrategy, ids, free, pending);
    const deadline = now + group.settings.messageTimeoutMs;
    for (const [consumerId, messages] of chosen) await tables.assign(db, this.group, messages.map((m) => m.position), consumerId, deadline);
    // Consumers of other processes hear of their new work at once, when this round commits.
    if ([...chosen.keys()].some((consumerId) => !this.local.consumers.has(consumerId))) await this.notifyOthers(db);
  }

  private async collectLocalDeliveries(db: Queryable): Promise<Delivery<string>[]> {
    const deliveries: Delivery<string>[] = [];
    for (const consumer of this.local.consumers.all()) {
      for (const message of consumer.undelivered(await tables.assignedTo(db, this.group, consumer.consumerId))) deliveries.push({ consumer, message });
    }
    return deliveries;
  }

  private async deliver(deliveries: Delivery<string>[]): Promise<void> {
    if (deliveries.length === 0) return;
    const events = new Map<string, RecordedEvent>();
    for (const event of await this.reader.eventsAt(deliveries.map((d) => BigInt(d.message.position)))) events.set(event.position.prepare.toString(), event);
    this.local.consumers.handOut(deliveries, events);
  }

  private async settle(
    consumer: PostgresConsumer,
    events: readonly PersistentEvent[],
    apply: (db: Queryable, group: Group, message: MessageRow) => Promise<void>,
  ): Promise<void> {
    await inTransaction(this.pool, async (db) => {
      const group = await this.requireGroup(db);
      for (const { event } of events) {
        const message = await tables.message(db, this.group, event.position.prepare);
        if (message && message.consumer_id === consumer.consumerId) await apply(db, group, message);
      }
      await tables.checkpointIfDue(db, this.group, Date.now());
    });
    for (const { event } of events) consumer.settled(event.position.prepare.toString());
    this.schedule();
  }

  /** Wakes this group's dispatchers in other processes when the transaction commits. */
  private async notifyOthers(db: Queryable): Promise<void> {
    await db.query('SELECT pg_notify($1, $2)', [this.listener.channel, `${GROUP_PREFIX}${this.group}`]);
  }

  private async requireGroup(db: Queryable): Promise<Group> {
    const group = await tables.lock(db, this.group);
    if (!group) throw new PersistentSubscriptionNotFoundError(this.group);
    return group;
  }
}
