import type { RecordedEvent } from '../../core/events.js';
import type { EventTypeFilter, ReadAllOptions, ReadStreamOptions } from '../../core/ports/event-store.js';
import { position, type Position } from '../../core/position.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.js';
import { CORRELATION_ID_SQL } from './event-store-schema.js';
import type { EventTypeRegistry } from './event-type-registry.js';
import type { SqliteDatabase } from './open-database.js';

export interface Page {
  readonly events: RecordedEvent[];
  /** Everything up to here was scanned: the last event if the page is full, else the head. */
  readonly scannedTo: number;
  readonly head: number;
}

const MAX_ROWID = Number.MAX_SAFE_INTEGER;

/** Reads streams and `$all`. Each read runs in one snapshot, so a page never tears. */
export class EventReader {
  private readonly streamId;
  private readonly streamForwards;
  private readonly streamBackwards;
  private readonly allForwards;
  private readonly allBackwards;
  private readonly head;
  private readonly atPositions;
  private readonly correlated;
  readonly countAfter: (after: number, filter: EventTypeFilter | undefined, limit: number) => number;
  readonly readPage: (after: number, filter: EventTypeFilter | undefined, maxCount: number) => Page;
  readonly readAll: (options: ReadAllOptions) => RecordedEvent[];

  constructor(db: SqliteDatabase, private readonly types: EventTypeRegistry) {
    this.streamId = db.prepare('SELECT id, last_revision FROM streams WHERE name = ?');
    const fromStream = `SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ?`;
    this.streamForwards = db.prepare(`${fromStream} AND e.revision >= ? ORDER BY e.revision LIMIT ?`);
    this.streamBackwards = db.prepare(`${fromStream} AND e.revision <= ? ORDER BY e.revision DESC LIMIT ?`);
    const fromAll = `SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id
      WHERE e.type_id IN (SELECT value FROM json_each(?))`;
    this.allForwards = db.prepare(`${fromAll} AND e.position >= ? ORDER BY e.position LIMIT ?`);
    this.allBackwards = db.prepare(`${fromAll} AND e.position <= ? ORDER BY e.position DESC LIMIT ?`);
    this.head = db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck();
    this.atPositions = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id
      WHERE e.position IN (SELECT value FROM json_each(?)) ORDER BY e.position`);

    this.correlated = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id
      WHERE ${CORRELATION_ID_SQL.replace('metadata', 'e.metadata')} = ? ORDER BY e.position DESC LIMIT ?`);

    const count = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM events
      WHERE type_id IN (SELECT value FROM json_each(?)) AND position > ? LIMIT ?)`).pluck();
    this.countAfter = db.transaction((after: number, filter: EventTypeFilter | undefined, limit: number): number => {
      this.types.refresh();
      return count.get(this.types.idsMatching(filter), after, limit) as number;
    });

    this.readPage = db.transaction((after: number, filter: EventTypeFilter | undefined, maxCount: number): Page => {
      this.types.refresh();
      const head = this.head.get() as number;
      const rows = this.allForwards.all(this.types.idsMatching(filter), after + 1, maxCount) as EventRow[];
      const events = rows.map((row) => toRecordedEvent(row, this.types));
      const scannedTo = rows.length === maxCount ? rows[rows.length - 1]!.position : head;
      return { events, scannedTo, head };
    });

    this.readAll = db.transaction((options: ReadAllOptions): RecordedEvent[] => {
      this.types.refresh();
      const ids = this.types.idsMatching(options.filter);
      const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
      const rows =
        options.direction === 'backwards'
          ? this.allBackwards.all(ids, from === 'end' ? MAX_ROWID : from === 'start' ? -1 : toRowid(from), options.maxCount)
          : from === 'end'
            ? []
            : this.allForwards.all(ids, from === 'start' ? 0 : toRowid(from), options.maxCount);
      return (rows as EventRow[]).map((row) => toRecordedEvent(row, this.types));
    });
  }

  readStream(stream: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const row = this.streamId.get(stream) as { id: number; last_revision: number } | undefined;
    if (row === undefined) return [];
    const maxCount = options.maxCount ?? MAX_ROWID;
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const revision = from === 'start' ? 0 : from === 'end' ? MAX_ROWID : Number(from);
    if (backwards && from === 'start') return [];
    // Reading past the stream's end (a cached state asking for anything newer) needs no events query.
    if (!backwards && (from === 'end' || revision > row.last_revision)) return [];
    const statement = backwards ? this.streamBackwards : this.streamForwards;
    return (statement.all(row.id, revision, maxCount) as EventRow[]).map((row) => toRecordedEvent(row, this.types));
  }

  /** The events at these positions, in position order. */
  eventsAt(positions: readonly number[]): RecordedEvent[] {
    if (positions.length === 0) return [];
    return (this.atPositions.all(JSON.stringify(positions)) as EventRow[]).map((row) => toRecordedEvent(row, this.types));
  }

  /** The newest `maxCount` events of a conversation, newest first, by the correlation index. */
  readCorrelated(correlationId: string, maxCount: number): RecordedEvent[] {
    this.types.refresh();
    return (this.correlated.all(correlationId, maxCount) as EventRow[]).map((row) => toRecordedEvent(row, this.types));
  }

  headPosition(): Position | undefined {
    const head = this.head.get() as number;
    return head === 0 ? undefined : position(BigInt(head));
  }
}

export function toRowid(p: Position): number {
  return Number(p.commit);
}
