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
 * The longest JSON text of a slice of events, in UTF-8 bytes: half of the longest string V8 and
 * better-sqlite3 hand over (about 2^29 characters). A slice whose text would be longer (events
 * stored under a larger MAX_EVENT_BYTES, very long stream names) is read as rows instead.
 */
const SLICE_BYTES = 2 ** 28;
/** Counts up to this limit read the events; larger ones go through EventCounts. */
const DIRECT_COUNT_LIMIT = 10_000;
/** Room for an event's stream name, id, positions and punctuation in its JSON, when sizing slices. */
const EVENT_OVERHEAD_BYTES = 4_096;

/** What eventPageSql selects. */
interface JsonPage {
  readonly json: string | null;
  readonly tooLong: 0 | 1;
  readonly count: number;
  readonly last: number | null;
}

/**
 * Part of a forwards page, not yet made into events: the JSON text SQLite wrote (eventPageSql),
 * or rows where that text would be too long. What the page reader thread hands over.
 */
export type PageSlice = { readonly json: string } | { readonly rows: readonly EventRow[] };

/** The events of a page's slices, in order. */
export function eventsOfSlices(slices: readonly PageSlice[], types: EventTypeRegistry): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const slice of slices) {
    const part = 'json' in slice ? eventsOfPage(slice.json, types) : slice.rows.map((row) => toRecordedEvent(row, types));
    for (const event of part) events.push(event);
  }
  return events;
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
  /** Up to `maxCount` events of the filter's types from position `from` on, as slices, in one snapshot (what readAll reads forwards). */
  readonly readSlices: (filter: EventTypeFilter | undefined, from: number, maxCount: number) => PageSlice[];

  /** Events per JSON slice: as many as fit the byte bound at the largest size this process lets an event have, at most 500 (a text of about 150 KB at the usual sizes; larger slices read no faster). */
  private readonly slice: number;
  private readonly allForwardsRows;

  /** `sliceBytes`: the longest JSON text of a slice (SLICE_BYTES; smaller in tests, to reach the rows). */
  constructor(db: SqliteDatabase, private readonly types: EventTypeRegistry, maxEventBytes: number, private readonly sliceBytes = SLICE_BYTES) {
    this.slice = Math.max(1, Math.min(500, Math.floor(sliceBytes / (maxEventBytes + EVENT_OVERHEAD_BYTES))));
    this.streamId = db.prepare('SELECT id, last_revision FROM streams WHERE name = ?');
    const fromStream = `SELECT ${EVENT_COLUMNS} FROM events e CROSS JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ?`;
    this.streamForwards = db.prepare(`${fromStream} AND e.revision >= ? ORDER BY e.revision LIMIT ?`);
    this.streamBackwards = db.prepare(`${fromStream} AND e.revision <= ? ORDER BY e.revision DESC LIMIT ?`);
    const allRows = `FROM events e CROSS JOIN streams s ON s.id = e.stream_id WHERE e.type_id IN (SELECT value FROM json_each(?))`;
    // Forwards pages are what catch-up and rebuilds read, a million events at a time: as one JSON text.
    this.allForwards = db.prepare(eventPageSql(`${allRows} AND e.position >= ? ORDER BY e.position LIMIT ?`));
    this.allForwardsRows = db.prepare(`SELECT ${EVENT_COLUMNS} ${allRows} AND e.position >= ? ORDER BY e.position LIMIT ?`);
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

    this.readSlices = db.transaction((filter: EventTypeFilter | undefined, from: number, maxCount: number): PageSlice[] => {
      this.types.refresh();
      return this.forwardSlices(this.types.idsMatching(filter), from, maxCount);
    });
  }

  /** Up to `maxCount` events of these types from `from` on. */
  private forwards(typeIds: string, from: number, maxCount: number): RecordedEvent[] {
    return eventsOfSlices(this.forwardSlices(typeIds, from, maxCount), this.types);
  }

  /** The same, a slice at a time: as JSON text, or as rows where that text would be too long. */
  private forwardSlices(typeIds: string, from: number, maxCount: number): PageSlice[] {
    const slices: PageSlice[] = [];
    let read = 0;
    let next = from;
    while (read < maxCount) {
      const wanted = Math.min(maxCount - read, this.slice);
      const json = this.jsonSlice(typeIds, next, wanted);
      const rows = json ? undefined : (this.allForwardsRows.all(typeIds, next, wanted) as EventRow[]);
      const count = json ? json.count : rows!.length;
      if (count > 0) slices.push(json ? { json: json.json! } : { rows: rows! });
      read += count;
      if (count < wanted) break;
      next = (json ? json.last! : rows![rows!.length - 1]!.position) + 1;
    }
    return slices;
  }

  /** A slice read as one JSON text, or undefined when that text would be too long (see SLICE_BYTES): then it is read as rows. */
  private jsonSlice(typeIds: string, from: number, count: number): JsonPage | undefined {
    let page: JsonPage;
    try {
      page = this.allForwards.get({ maxBytes: this.sliceBytes }, typeIds, from, count) as JsonPage;
    } catch (error) {
      // Past SQLite's longest value, or V8's longest string: the text could not be made at all.
      if ((error as { code?: string }).code === 'SQLITE_TOOBIG' || error instanceof RangeError) return undefined;
      throw error;
    }
    return page.tooLong ? undefined : page;
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
