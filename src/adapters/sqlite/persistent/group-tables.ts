import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import type { PersistentSubscriptionSettings } from '../../../core/ports/persistent-subscriptions.js';
import { checkpointDue } from '../../persistent-groups/checkpoint-due.js';
import { groupColumns, type GroupColumnsRow } from '../../persistent-groups/group-columns.js';
import type { AssignedMessage } from '../../persistent-groups/group-consumer.js';
import { retryOutcome } from '../../persistent-groups/retry-outcome.js';
import type { SqliteDatabase } from '../open-database.js';

export interface Group {
  readonly name: string;
  readonly settings: PersistentSubscriptionSettings;
  readonly filter: EventTypeFilter | undefined;
  readonly readPosition: number;
  readonly checkpoint: number | undefined;
}

export interface ConsumerRow {
  readonly consumer_id: string;
  readonly name: string;
  readonly buffer_size: number;
  readonly connected_at: number;
  readonly heartbeat_at: number;
}

export interface MessageRow extends AssignedMessage<number> {
  readonly pin: number;
  readonly consumer_id: string | null;
}

interface GroupRow extends GroupColumnsRow {
  readonly read_position: number;
  readonly checkpoint: number | null;
  readonly checkpointed_at: number;
  readonly acked_since_checkpoint: number;
}

/**
 * The statements behind persistent subscription groups. Every method runs inside a write
 * transaction opened by its caller; none of them commits.
 */
export class GroupTables {
  private readonly s;

  constructor(db: SqliteDatabase) {
    const q = (sql: string) => db.prepare(sql);
    this.s = {
      group: q('SELECT * FROM ps_groups WHERE name = ?'),
      groups: q('SELECT * FROM ps_groups ORDER BY name'),
      insertGroup: q('INSERT INTO ps_groups (name, settings, filter, read_position, checkpointed_at) VALUES (?, ?, ?, ?, ?)'),
      updateSettings: q('UPDATE ps_groups SET settings = ? WHERE name = ?'),
      setReadPosition: q('UPDATE ps_groups SET read_position = max(read_position, ?) WHERE name = ?'),
      addSettled: q('UPDATE ps_groups SET acked_since_checkpoint = acked_since_checkpoint + ? WHERE name = ?'),
      storeCheckpoint: q('UPDATE ps_groups SET checkpoint = ?, checkpointed_at = ?, acked_since_checkpoint = 0 WHERE name = ?'),
      outstanding: q('SELECT count(*) FROM ps_messages WHERE group_name = ? AND replay = 0').pluck(),
      oldestOutstanding: q('SELECT min(position) FROM ps_messages WHERE group_name = ? AND replay = 0').pluck(),
      insertMessage: q('INSERT OR IGNORE INTO ps_messages (group_name, position, pin) VALUES (?, ?, ?)'),
      insertReplay: q('INSERT OR IGNORE INTO ps_messages (group_name, position, pin, replay) VALUES (?, ?, ?, 1)'),
      message: q('SELECT position, pin, retry_count, consumer_id FROM ps_messages WHERE group_name = ? AND position = ?'),
      pending: q('SELECT position, pin, retry_count, consumer_id FROM ps_messages WHERE group_name = ? AND consumer_id IS NULL ORDER BY position LIMIT ?'),
      assign: q('UPDATE ps_messages SET consumer_id = ?, deadline = ? WHERE group_name = ? AND position = ?'),
      unassign: q('UPDATE ps_messages SET consumer_id = NULL, deadline = NULL, retry_count = ? WHERE group_name = ? AND position = ?'),
      assignedTo: q('SELECT position, pin, retry_count, consumer_id FROM ps_messages WHERE group_name = ? AND consumer_id = ? ORDER BY position'),
      inFlight: q('SELECT consumer_id, count(*) AS n FROM ps_messages WHERE group_name = ? AND consumer_id IS NOT NULL GROUP BY consumer_id'),
      expired: q('SELECT position, pin, retry_count, consumer_id FROM ps_messages WHERE group_name = ? AND consumer_id IS NOT NULL AND deadline <= ?'),
      deleteMessage: q('DELETE FROM ps_messages WHERE group_name = ? AND position = ?'),
      park: q('INSERT OR IGNORE INTO ps_parked (group_name, position, pin, reason, parked_at) VALUES (?, ?, ?, ?, ?)'),
      parked: q('SELECT position, pin, reason, parked_at FROM ps_parked WHERE group_name = ? ORDER BY position LIMIT ?'),
      parkedCount: q('SELECT count(*) FROM ps_parked WHERE group_name = ?').pluck(),
      unpark: q('DELETE FROM ps_parked WHERE group_name = ? AND position = ?'),
      consumers: q('SELECT consumer_id, name, buffer_size, connected_at, heartbeat_at FROM ps_consumers WHERE group_name = ? ORDER BY connected_at, consumer_id'),
      insertConsumer: q('INSERT OR REPLACE INTO ps_consumers (group_name, consumer_id, name, buffer_size, connected_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)'),
      heartbeat: q('UPDATE ps_consumers SET heartbeat_at = ? WHERE group_name = ? AND consumer_id = ?'),
      deleteConsumer: q('DELETE FROM ps_consumers WHERE group_name = ? AND consumer_id = ?'),
      deleteGroup: [
        q('DELETE FROM ps_groups WHERE name = ?'),
        q('DELETE FROM ps_messages WHERE group_name = ?'),
        q('DELETE FROM ps_parked WHERE group_name = ?'),
        q('DELETE FROM ps_consumers WHERE group_name = ?'),
      ],
    };
  }

  group(name: string): Group | undefined {
    const row = this.s.group.get(name) as GroupRow | undefined;
    return row && toGroup(row);
  }

  groups(): Group[] {
    return (this.s.groups.all() as GroupRow[]).map(toGroup);
  }

  insertGroup(name: string, settings: PersistentSubscriptionSettings, filter: EventTypeFilter | undefined, readPosition: number): void {
    this.s.insertGroup.run(name, groupColumns.settingsText(settings), groupColumns.filterText(filter), readPosition, Date.now());
  }

  updateSettings(name: string, settings: PersistentSubscriptionSettings): void {
    this.s.updateSettings.run(groupColumns.settingsText(settings), name);
  }

  deleteGroup(name: string): void {
    for (const statement of this.s.deleteGroup) statement.run(name);
  }

  outstanding(group: string): number {
    return this.s.outstanding.get(group) as number;
  }

  enqueue(group: string, position: number, pin: number): void {
    this.s.insertMessage.run(group, position, pin);
  }

  setReadPosition(group: string, position: number): void {
    this.s.setReadPosition.run(position, group);
  }

  message(group: string, position: number): MessageRow | undefined {
    return this.s.message.get(group, position) as MessageRow | undefined;
  }

  pending(group: string, limit: number): MessageRow[] {
    return this.s.pending.all(group, limit) as MessageRow[];
  }

  assign(group: string, position: number, consumerId: string, deadline: number): void {
    this.s.assign.run(consumerId, deadline, group, position);
  }

  assignedTo(group: string, consumerId: string): MessageRow[] {
    return this.s.assignedTo.all(group, consumerId) as MessageRow[];
  }

  inFlightByConsumer(group: string): Map<string, number> {
    const rows = this.s.inFlight.all(group) as { consumer_id: string; n: number }[];
    return new Map(rows.map((row) => [row.consumer_id, row.n]));
  }

  expired(group: string, now: number): MessageRow[] {
    return this.s.expired.all(group, now) as MessageRow[];
  }

  /** Takes a message from its consumer for another delivery, or parks it past the retry limit. */
  retry(group: Group, message: MessageRow, reason: string): void {
    const outcome = retryOutcome(group.settings.maxRetryCount, message.retry_count, reason);
    if (outcome.action === 'park') this.park(group.name, message, outcome.reason);
    else this.s.unassign.run(outcome.retryCount, group.name, message.position);
  }

  park(group: string, message: MessageRow, reason: string): void {
    this.s.park.run(group, message.position, message.pin, reason, Date.now());
    this.settle(group, message.position);
  }

  /** Removes an acknowledged, skipped or parked message; false if it was not outstanding. */
  settle(group: string, position: number): boolean {
    const settled = this.s.deleteMessage.run(group, position).changes > 0;
    if (settled) this.s.addSettled.run(1, group);
    return settled;
  }

  parked(group: string, limit: number): { position: number; pin: number; reason: string; parked_at: number }[] {
    return this.s.parked.all(group, limit) as { position: number; pin: number; reason: string; parked_at: number }[];
  }

  parkedCount(group: string): number {
    return this.s.parkedCount.get(group) as number;
  }

  /** Moves a parked message back into the group; it is outside the checkpoint's reckoning. */
  unpark(group: string, position: number, pin: number): void {
    this.s.unpark.run(group, position);
    this.s.insertReplay.run(group, position, pin);
  }

  consumers(group: string): ConsumerRow[] {
    return this.s.consumers.all(group) as ConsumerRow[];
  }

  addConsumer(group: string, consumer: { consumerId: string; name: string; bufferSize: number; connectedAt: number }): void {
    this.s.insertConsumer.run(group, consumer.consumerId, consumer.name, consumer.bufferSize, consumer.connectedAt, Date.now());
  }

  heartbeat(group: string, consumerId: string, now: number): boolean {
    return this.s.heartbeat.run(now, group, consumerId).changes > 0;
  }

  /** Removes a consumer; what it held goes back to the group, one retry further on. */
  removeConsumer(group: Group, consumerId: string, reason: string): void {
    for (const message of this.assignedTo(group.name, consumerId)) this.retry(group, message, reason);
    this.s.deleteConsumer.run(group.name, consumerId);
  }

  /** Stores the checkpoint when the group's settings say it is due. */
  checkpointIfDue(name: string, now: number): void {
    const row = this.s.group.get(name) as GroupRow | undefined;
    if (!row || row.acked_since_checkpoint === 0) return;
    if (!checkpointDue(groupColumns.settingsOf(row.settings), row.acked_since_checkpoint, row.checkpointed_at, now)) return;
    const oldest = this.s.oldestOutstanding.get(name) as number | null;
    const checkpoint = oldest === null ? row.read_position : oldest - 1;
    if (row.checkpoint === null || checkpoint > row.checkpoint) this.s.storeCheckpoint.run(checkpoint, now, name);
  }
}

function toGroup(row: GroupRow): Group {
  return {
    name: row.name,
    settings: groupColumns.settingsOf(row.settings),
    filter: groupColumns.filterOf(row.filter),
    readPosition: row.read_position,
    checkpoint: row.checkpoint ?? undefined,
  };
}
