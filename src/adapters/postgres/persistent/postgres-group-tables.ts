import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import type { PersistentSubscriptionSettings } from '../../../core/ports/persistent-subscriptions.js';
import { position, type Position } from '../../../core/position.js';
import { checkpointDue } from '../../persistent-groups/checkpoint-due.js';
import { groupColumns, type GroupColumnsRow } from '../../persistent-groups/group-columns.js';
import type { AssignedMessage } from '../../persistent-groups/group-consumer.js';
import { retryOutcome } from '../../persistent-groups/retry-outcome.js';
import type { Queryable } from '../postgres-all-reader.js';

export interface Group {
  readonly name: string;
  readonly settings: PersistentSubscriptionSettings;
  readonly filter: EventTypeFilter | undefined;
  /** How far `$all` was read into the group; undefined before the first event. */
  readonly read: Position | undefined;
  readonly checkpoint: Position | undefined;
  /** Raised at every change of membership: a consumer joins with the epoch it started. */
  readonly epoch: bigint;
}

export interface ConsumerRow {
  readonly consumer_id: string;
  readonly name: string;
  readonly buffer_size: number;
  readonly connected_at: string;
  readonly lease_until: string;
}

export interface MessageRow extends AssignedMessage<string> {
  readonly tx_id: string;
  readonly pin: string;
  readonly consumer_id: string | null;
}

interface GroupRow extends GroupColumnsRow {
  readonly read_tx: string;
  readonly read_position: string;
  readonly checkpoint_tx: string | null;
  readonly checkpoint_position: string | null;
  readonly checkpointed_at: string;
  readonly acked_since_checkpoint: number;
  readonly epoch: string;
}

const MESSAGE = 'position, tx_id, pin, retry_count, consumer_id';

/**
 * The statements behind persistent subscription groups. Every method runs on a connection
 * inside a transaction that its caller opened, after locking the group's row (`lock`): that
 * lock is what lets dispatchers in several processes take turns on one group.
 */
export const groupTables = {
  async lock(db: Queryable, name: string): Promise<Group | undefined> {
    const { rows } = await db.query<GroupRow>('SELECT * FROM ps_groups WHERE name = $1 FOR UPDATE', [name]);
    return rows[0] && toGroup(rows[0]);
  },

  async group(db: Queryable, name: string): Promise<Group | undefined> {
    const { rows } = await db.query<GroupRow>('SELECT * FROM ps_groups WHERE name = $1', [name]);
    return rows[0] && toGroup(rows[0]);
  },

  async groups(db: Queryable): Promise<Group[]> {
    return (await db.query<GroupRow>('SELECT * FROM ps_groups ORDER BY name')).rows.map(toGroup);
  },

  async insertGroup(db: Queryable, name: string, settings: PersistentSubscriptionSettings, filter: EventTypeFilter | undefined, read: Position | undefined): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO ps_groups (name, settings, filter, read_tx, read_position, checkpointed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO NOTHING`,
      [name, groupColumns.settingsText(settings), groupColumns.filterText(filter), ...texts(read), Date.now()],
    );
    return rowCount === 1;
  },

  async updateSettings(db: Queryable, name: string, settings: PersistentSubscriptionSettings): Promise<void> {
    await db.query('UPDATE ps_groups SET settings = $1 WHERE name = $2', [groupColumns.settingsText(settings), name]);
  },

  /** Deletes the group; its messages, parked events and consumers go with it (ON DELETE CASCADE). */
  async deleteGroup(db: Queryable, name: string): Promise<boolean> {
    return (await db.query('DELETE FROM ps_groups WHERE name = $1', [name])).rowCount === 1;
  },

  async outstanding(db: Queryable, group: string): Promise<number> {
    return (await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM ps_messages WHERE group_name = $1 AND NOT replay', [group])).rows[0]!.n;
  },

  async enqueue(db: Queryable, group: string, events: readonly { position: Position; pin: number }[]): Promise<void> {
    if (events.length === 0) return;
    await db.query(
      `INSERT INTO ps_messages (group_name, position, tx_id, pin)
       SELECT $1, p, t::xid8, n FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS m(p, t, n) ON CONFLICT DO NOTHING`,
      [group, events.map((e) => e.position.prepare.toString()), events.map((e) => e.position.commit.toString()), events.map((e) => e.pin)],
    );
  },

  async setRead(db: Queryable, group: string, read: Position): Promise<void> {
    await db.query('UPDATE ps_groups SET read_tx = $1, read_position = $2 WHERE name = $3', [...texts(read), group]);
  },

  async message(db: Queryable, group: string, position: bigint): Promise<MessageRow | undefined> {
    const { rows } = await db.query<MessageRow>(`SELECT ${MESSAGE} FROM ps_messages WHERE group_name = $1 AND position = $2`, [group, position.toString()]);
    return rows[0];
  },

  async pending(db: Queryable, group: string, limit: number): Promise<MessageRow[]> {
    return (await db.query<MessageRow>(`SELECT ${MESSAGE} FROM ps_messages WHERE group_name = $1 AND consumer_id IS NULL ORDER BY tx_id, position LIMIT $2`, [group, limit])).rows;
  },

  async assign(db: Queryable, group: string, positions: readonly string[], consumerId: string, deadline: number): Promise<void> {
    await db.query('UPDATE ps_messages SET consumer_id = $1, deadline = $2 WHERE group_name = $3 AND position = ANY($4::bigint[])', [consumerId, deadline, group, positions]);
  },

  async assignedTo(db: Queryable, group: string, consumerId: string): Promise<MessageRow[]> {
    return (await db.query<MessageRow>(`SELECT ${MESSAGE} FROM ps_messages WHERE group_name = $1 AND consumer_id = $2 ORDER BY tx_id, position`, [group, consumerId])).rows;
  },

  async inFlightByConsumer(db: Queryable, group: string): Promise<Map<string, number>> {
    const { rows } = await db.query<{ consumer_id: string; n: number }>(
      'SELECT consumer_id, count(*)::integer AS n FROM ps_messages WHERE group_name = $1 AND consumer_id IS NOT NULL GROUP BY consumer_id',
      [group],
    );
    return new Map(rows.map((row) => [row.consumer_id, row.n]));
  },

  async expired(db: Queryable, group: string, now: number): Promise<MessageRow[]> {
    return (await db.query<MessageRow>(`SELECT ${MESSAGE} FROM ps_messages WHERE group_name = $1 AND consumer_id IS NOT NULL AND deadline <= $2`, [group, now])).rows;
  },

  /** Takes a message from its consumer for another delivery, or parks it past the retry limit. */
  async retry(db: Queryable, group: Group, message: MessageRow, reason: string): Promise<void> {
    const outcome = retryOutcome(group.settings.maxRetryCount, message.retry_count, reason);
    if (outcome.action === 'park') await groupTables.park(db, group.name, message, outcome.reason);
    else await db.query('UPDATE ps_messages SET consumer_id = NULL, deadline = NULL, retry_count = $1 WHERE group_name = $2 AND position = $3', [outcome.retryCount, group.name, message.position]);
  },

  async park(db: Queryable, group: string, message: MessageRow, reason: string): Promise<void> {
    await db.query(
      'INSERT INTO ps_parked (group_name, position, tx_id, pin, reason, parked_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [group, message.position, message.tx_id, message.pin, reason, Date.now()],
    );
    await groupTables.settle(db, group, message.position);
  },

  /** Removes an acknowledged, skipped or parked message. */
  async settle(db: Queryable, group: string, position: string): Promise<void> {
    const { rowCount } = await db.query('DELETE FROM ps_messages WHERE group_name = $1 AND position = $2', [group, position]);
    if (rowCount) await db.query('UPDATE ps_groups SET acked_since_checkpoint = acked_since_checkpoint + 1 WHERE name = $1', [group]);
  },

  async parked(db: Queryable, group: string, limit: number): Promise<{ position: string; tx_id: string; pin: string; reason: string; parked_at: string }[]> {
    return (await db.query('SELECT position, tx_id, pin, reason, parked_at FROM ps_parked WHERE group_name = $1 ORDER BY tx_id, position LIMIT $2', [group, limit])).rows;
  },

  async parkedCount(db: Queryable, group: string): Promise<number> {
    return (await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM ps_parked WHERE group_name = $1', [group])).rows[0]!.n;
  },

  /** Moves parked messages back into the group, outside the checkpoint's reckoning. */
  async unpark(db: Queryable, group: string, limit: number): Promise<number> {
    const { rowCount } = await db.query(
      `WITH moved AS (DELETE FROM ps_parked WHERE group_name = $1 AND position IN
         (SELECT position FROM ps_parked WHERE group_name = $1 ORDER BY tx_id, position LIMIT $2) RETURNING position, tx_id, pin)
       INSERT INTO ps_messages (group_name, position, tx_id, pin, replay) SELECT $1, position, tx_id, pin, true FROM moved ON CONFLICT DO NOTHING`,
      [group, limit],
    );
    return rowCount ?? 0;
  },

  async consumers(db: Queryable, group: string): Promise<ConsumerRow[]> {
    return (await db.query<ConsumerRow>('SELECT consumer_id, name, buffer_size, connected_at, lease_until FROM ps_consumers WHERE group_name = $1 ORDER BY connected_at, consumer_id', [group])).rows;
  },

  /** Adds (or re-adds) a consumer with a lease until `leaseUntil`, in a new membership epoch. */
  async addConsumer(db: Queryable, group: string, consumer: { consumerId: string; name: string; bufferSize: number; connectedAt: number }, leaseUntil: number): Promise<void> {
    await db.query(
      `WITH bumped AS (UPDATE ps_groups SET epoch = epoch + 1 WHERE name = $1 RETURNING epoch)
       INSERT INTO ps_consumers (group_name, consumer_id, name, buffer_size, connected_at, lease_until, epoch)
       SELECT $1, $2, $3, $4, $5, $6, epoch FROM bumped
       ON CONFLICT (group_name, consumer_id) DO UPDATE SET lease_until = excluded.lease_until, epoch = excluded.epoch`,
      [group, consumer.consumerId, consumer.name, consumer.bufferSize, consumer.connectedAt, leaseUntil],
    );
  },

  /** Extends a consumer's lease; false when it was retired meanwhile. */
  async renew(db: Queryable, group: string, consumerId: string, leaseUntil: number): Promise<boolean> {
    return (await db.query('UPDATE ps_consumers SET lease_until = $1 WHERE group_name = $2 AND consumer_id = $3', [leaseUntil, group, consumerId])).rowCount === 1;
  },

  /** Removes a consumer; what it held goes back to the group, one retry further on. */
  async removeConsumer(db: Queryable, group: Group, consumerId: string, reason: string): Promise<void> {
    for (const message of await groupTables.assignedTo(db, group.name, consumerId)) await groupTables.retry(db, group, message, reason);
    await db.query('DELETE FROM ps_consumers WHERE group_name = $1 AND consumer_id = $2', [group.name, consumerId]);
    await db.query('UPDATE ps_groups SET epoch = epoch + 1 WHERE name = $1', [group.name]);
  },

  /** Stores the checkpoint when the group's settings say it is due. */
  async checkpointIfDue(db: Queryable, name: string, now: number): Promise<void> {
    const { rows } = await db.query<GroupRow>('SELECT * FROM ps_groups WHERE name = $1', [name]);
    const row = rows[0];
    if (!row || row.acked_since_checkpoint === 0) return;
    if (!checkpointDue(groupColumns.settingsOf(row.settings), row.acked_since_checkpoint, Number(row.checkpointed_at), now)) return;
    // Everything before the oldest outstanding message is settled; with none, everything read is.
    await db.query(
      `UPDATE ps_groups g SET checkpoint_tx = c.tx, checkpoint_position = c.pos, checkpointed_at = $2, acked_since_checkpoint = 0
         FROM (SELECT coalesce(o.tx_id, g0.read_tx) AS tx, coalesce(o.position - 1, g0.read_position) AS pos
                 FROM ps_groups g0 LEFT JOIN LATERAL (SELECT tx_id, position FROM ps_messages m
                   WHERE m.group_name = g0.name AND NOT m.replay ORDER BY tx_id, position LIMIT 1) o ON true
                WHERE g0.name = $1) c
        WHERE g.name = $1 AND (g.checkpoint_tx IS NULL OR (c.tx, c.pos) > (g.checkpoint_tx, g.checkpoint_position))`,
      [name, now],
    );
  },
};

function toGroup(row: GroupRow): Group {
  const read = row.read_tx === '0' && row.read_position === '0' ? undefined : position(BigInt(row.read_tx), BigInt(row.read_position));
  return {
    name: row.name,
    settings: groupColumns.settingsOf(row.settings),
    filter: groupColumns.filterOf(row.filter),
    read,
    checkpoint: row.checkpoint_tx === null ? undefined : position(BigInt(row.checkpoint_tx), BigInt(row.checkpoint_position!)),
    epoch: BigInt(row.epoch),
  };
}

function texts(p: Position | undefined): string[] {
  return p ? [p.commit.toString(), p.prepare.toString()] : ['0', '0'];
}
