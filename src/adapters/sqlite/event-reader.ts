import type { RecordedEvent } from '../../core/events.js';
import type { EventTypeFilter, ReadAllOptions, ReadStreamOptions } from '../../core/ports/event-store.js';
import { position, type Position } from '../../core/position.js';
import { EventCounts } from './event-counts.js';
import { eventPageSql, eventsOfPage } from './event-page-json.js';
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

/**
 * The longest JSON text of a slice of events, in bytes (UTF-8 bytes are never fewer than the
 * characters a JavaScript string counts): half of V8's longest string (2^29 characters), and a
 * quarter of SQLite's longest value.
 */
const SLICE_BYTES = 2 ** 28;
/** Counts up to this limit read the events; larger ones go through EventCounts. */
const DIRECT_COUNT_LIMIT = 10_000;
/** Room for an event's stream name, id, positions and punctuation in its JSON. */
const EVENT_OVERHEAD_BYTES = 4_096;

/** What eventPageSql selects. */
interface JsonPage {
  readonly json: string | null;
  readonly last: number | null;
  readonly count: number;
}

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

  /** Events per JSON slice: as many as fit SLICE_BYTES at the largest size an event may have, at most 500 (a text of about 150 KB at the usual sizes; larger slices read no faster). */
  private readonly slice: number;

  constructor(db: SqliteDatabase, private readonly types: EventTypeRegistry, maxEventBytes: number) {
    this.slice = Math.max(1, Math.min(500, Math.floor(SLICE_BYTES / (maxEventBytes + EVENT_OVERHEAD_BYTES))));
    this.streamId = db.prepare('SELECT id, last_revision FROM streams WHERE name = ?');
    const fromStream = `SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ?`;
    this.streamForwards = db.prepare(`${fromStream} AND e.revision >= ? ORDER BY e.revision LIMIT ?`);
    this.streamBackwards = db.prepare(`${fromStream} AND e.revision <= ? ORDER BY e.revision DESC LIMIT ?`);
    const allRows = `FROM events e CROSS JOIN streams s ON s.id = e.stream_id WHERE e.type_id IN (SELECT value FROM json_each(?))`;
    // Forwards pages are what catch-up and rebuilds read, a million events at a time: as one JSON text.
    this.allForwards = db.prepare(eventPageSql(`${allRows} AND e.position >= ? ORDER BY e.position LIMIT ?`));
    this.allBackwards = db.prepare(`SELECT ${EVENT_COLUMNS} ${allRows} AND e.position <= ? ORDER BY e.position DESC LIMIT ?`);
    this.head = db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck();
    this.atPositions = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id
      WHERE e.position IN (SELECT value FROM json_each(?)) ORDER BY e.position`);

    this.correlated = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id
      WHERE ${CORRELATION_ID_SQL.replace('metadata', 'e.metadata')} = ? ORDER BY e.position DESC LIMIT ?`);

    const count = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM events
      WHERE type_id IN (SELECT value FROM json_each(?)) AND position > ? LIMIT ?)`).pluck();
    const counts = new EventCounts(db);
    this.countAfter = db.transaction((after: number, filter: EventTypeFilter | undefined, limit: number): number => {
      this.types.refresh();
      const ids = this.types.idsMatching(filter);
      // A bounded question (is it more than N behind?) reads at most N; an open one (how far behind?) is answered from earlier counts.
      if (limit <= DIRECT_COUNT_LIMIT) return count.get(ids, after, limit) as number;
      const head = this.head.get() as number;
      return Math.min(limit, Math.max(0, counts.upTo(ids, head) - counts.upTo(ids, after)));
    });

    this.readPage = db.transaction((after: number, filter: EventTypeFilter | undefined, maxCount: number): Page => {
      this.types.refresh();
      const head = this.head.get() as number;
      const events = this.forwards(this.types.idsMatching(filter), after + 1, maxCount);
      const scannedTo = events.length === maxCount ? toRowid(events[events.length - 1]!.position) : head;
      return { events, scannedTo, head };
    });

    this.readAll = db.transaction((options: ReadAllOptions): RecordedEvent[] => {
      this.types.refresh();
      const ids = this.types.idsMatching(options.filter);
      const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
      if (options.direction === 'backwards') {
        const rows = this.allBackwards.all(ids, from === 'end' ? MAX_ROWID : from === 'start' ? -1 : toRowid(from), options.maxCount) as EventRow[];
        return rows.map((row) => toRecordedEvent(row, this.types));
      }
      if (from === 'end') return [];
      return this.forwards(ids, from === 'start' ? 0 : toRowid(from), options.maxCount);
    });
  }

  /** Up to `maxCount` events of these types from `from` on, in slices whose JSON text cannot reach V8's longest string, however large the events. */
  private forwards(typeIds: string, from: number, maxCount: number): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    let next = from;
    while (events.length < maxCount) {
      const wanted = Math.min(maxCount - events.length, this.slice);
      const page = this.allForwards.get(typeIds, next, wanted) as JsonPage;
      for (const event of eventsOfPage(page.json, this.types)) events.push(event);
      if (page.count < wanted) break;
      next = page.last! + 1;
    }
    return events;
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
