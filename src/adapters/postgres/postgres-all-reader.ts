import type pg from 'pg';
import type { RecordedEvent } from '../../core/events.js';
import type { EventTypeFilter, ReadAllOptions } from '../../core/ports/event-store.js';
import type { Position } from '../../core/position.js';
import { eventTypeFilterSql } from './event-type-filter-sql.js';
import { EVENT_COLUMNS, positionOfRow, toRecordedEvent, type PostgresEventRow } from './postgres-event-row.js';

/** A pool, or one connection inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface Page {
  readonly events: RecordedEvent[];
  /** Everything up to here was scanned: the last event if the page is full, else the head. */
  readonly scannedTo: Position | undefined;
  readonly head: Position | undefined;
  /** Committed events exist beyond the head, held back until older transactions end. */
  readonly heldBack: boolean;
}

/**
 * Why `$all` read this way has no gaps. Sequence values are taken before commit, so
 * transactions commit them out of order: a reader could see position 11 while 10 is still
 * being written, and later see 10 appear. Ordering by position alone cannot be fixed by
 * filtering either: the transaction holding 11 may have the smaller transaction id.
 *
 * So `$all` is ordered by (tx_id, position), tx_id being the writer's top-level transaction id
 * (`pg_current_xact_id()`), and a read returns only rows whose tx_id is below the xmin of its
 * own snapshot (`pg_snapshot_xmin(pg_current_snapshot())`, taken by the same statement). Every
 * transaction below xmin has ended, so (1) all its rows are visible now, and no more will
 * ever appear; (2) every row written later belongs to a transaction that was running or not
 * yet started, whose id is at or above this xmin, hence above every row returned. A reader
 * that has seen (t, p) therefore never sees an event below it appear. The price: an event
 * becomes readable only once every older writing transaction has ended.
 */
const SAFE = 'tx_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';
/** Whether committed rows are not safe yet: the newest visible tx_id (one index probe, where EXISTS would scan) at or above xmin. */
const HELD_BACK = 'coalesce((SELECT max(tx_id) FROM events) >= (SELECT pg_snapshot_xmin(pg_current_snapshot())), false)';
const HEAD = `SELECT tx_id, position FROM events WHERE ${SAFE} ORDER BY tx_id DESC, position DESC LIMIT 1`;
const ZERO = ['0', '0'];
const MAX = ['18446744073709551615', '9223372036854775807'];

export class PostgresAllReader {
  constructor(private readonly pool: pg.Pool) {}

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    if ((!backwards && from === 'end') || (backwards && from === 'start')) return [];
    const filter = eventTypeFilterSql(options.filter, 4);
    const bound = typeof from === 'object' ? texts(from) : backwards ? MAX : ZERO;
    const order = backwards ? 'DESC' : '';
    const { rows } = await this.pool.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE ${SAFE} AND (tx_id, position) ${backwards ? '<=' : '>='} ($2::xid8, $3::bigint) AND ${filter.sql}
        ORDER BY tx_id ${order}, position ${order} LIMIT $1`,
      [options.maxCount, ...bound, ...filter.values],
    );
    return rows.map(toRecordedEvent);
  }

  /** A subscription's step: events after `after`, the head and whether more are held back, from one snapshot. */
  async readPage(after: Position | undefined, filter: EventTypeFilter | undefined, maxCount: number, via: Queryable = this.pool): Promise<Page> {
    const condition = eventTypeFilterSql(filter, 4);
    const { rows } = await via.query<PostgresEventRow & { head_tx: string | null; head_position: string | null; held_back: boolean }>(
      `WITH head AS (${HEAD})
       SELECT (SELECT tx_id::text FROM head) AS head_tx, (SELECT position::text FROM head) AS head_position,
              ${HELD_BACK} AS held_back, page.*
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM events
            WHERE ${SAFE} AND (tx_id, position) > ($1::xid8, $2::bigint) AND ${condition.sql}
            ORDER BY tx_id, position LIMIT $3) page ON true
        ORDER BY page.tx_id, page.position`,
      [...(after ? texts(after) : ZERO), maxCount, ...condition.values],
    );
    const first = rows[0]!;
    const head = first.head_tx === null ? undefined : positionOfRow({ tx_id: first.head_tx, position: first.head_position! });
    const events = rows.filter((row) => row.position !== null).map(toRecordedEvent);
    const scannedTo = events.length === maxCount ? events.at(-1)!.position : head;
    return { events, scannedTo, head, heldBack: first.held_back };
  }

  /** The last event `$all` can deliver now: where a subscription from the end starts. */
  async headPosition(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ tx_id: string; position: string }>(HEAD);
    return rows[0] && positionOfRow(rows[0]);
  }

  /**
   * The last event committed, readable in `$all` or still held back behind an older writing
   * transaction: the port's head, against which a consistency token is checked. A token of an
   * append that committed is never "beyond the head", even while `$all` cannot deliver it yet.
   */
  async lastWritten(): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ tx_id: string; position: string }>('SELECT tx_id, position FROM events ORDER BY tx_id DESC, position DESC LIMIT 1');
    return rows[0] && positionOfRow(rows[0]);
  }

  /** How many events after `after` match; with `heldBack`, committed ones `$all` cannot deliver yet count too. */
  async countAfter(after: Position | undefined, filter: EventTypeFilter | undefined, limit: number, heldBack = false): Promise<number> {
    const condition = eventTypeFilterSql(filter, 4);
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM (SELECT 1 FROM events
        WHERE ${heldBack ? 'true' : SAFE} AND (tx_id, position) > ($1::xid8, $2::bigint) AND ${condition.sql} LIMIT $3) t`,
      [...(after ? texts(after) : ZERO), limit, ...condition.values],
    );
    return rows[0]!.n;
  }

  /** The events at these sequence positions, in `$all` order. */
  async eventsAt(positions: readonly bigint[], via: Queryable = this.pool): Promise<RecordedEvent[]> {
    if (positions.length === 0) return [];
    const { rows } = await via.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position = ANY($1::bigint[]) ORDER BY tx_id, position`,
      [positions.map(String)],
    );
    return rows.map(toRecordedEvent);
  }
}

function texts(p: Position): string[] {
  return [p.commit.toString(), p.prepare.toString()];
}
