import type { JsonObject, JsonValue, RecordedEvent } from '../../core/events.js';
import type { PreparedEvent } from '../../core/prepare-append.js';
import type { AppendResult, ExpectedRevision } from '../../core/ports/event-store.js';
import type { IdempotencyRecord } from '../../core/ports/idempotency.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../../core/ports/event-store-errors.js';
import { position } from '../../core/position.js';
import { uuidToBytes } from './event-row.js';
import type { EventTypeRegistry } from './event-type-registry.js';
import type { IdempotencyKeys } from './idempotency-keys.js';
import type { SqliteDatabase } from './open-database.js';

interface StreamRow {
  readonly id: number;
  readonly last_revision: number;
}

/** The body of one append; it runs inside a write transaction (see GroupCommit). */
export class StreamWriter {
  private readonly selectStream;
  private readonly insertStream;
  private readonly updateStream;
  private readonly insertEvent;
  private readonly selectRevisionOfEventId;
  private readonly selectIdsFrom;

  constructor(
    db: SqliteDatabase,
    private readonly types: EventTypeRegistry,
    /** Recorded inside the append's transaction. */
    private readonly idempotencyKeys: IdempotencyKeys,
  ) {
    this.selectStream = db.prepare('SELECT id, last_revision FROM streams WHERE name = ?');
    this.insertStream = db.prepare('INSERT INTO streams (name, last_revision) VALUES (?, -1)');
    this.updateStream = db.prepare('UPDATE streams SET last_revision = ? WHERE id = ?');
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type_id, created, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectRevisionOfEventId = db.prepare('SELECT revision FROM events WHERE stream_id = ? AND event_id = ?').pluck();
    this.selectIdsFrom = db.prepare(
      'SELECT event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
  }

  /** Resolves type ids up front: creating a type must not happen inside a savepoint that may roll back. */
  typeIds(events: readonly PreparedEvent[]): number[] {
    return events.map((event) => this.types.idFor(event.type));
  }

  append(
    stream: string,
    events: readonly PreparedEvent[],
    typeIds: readonly number[],
    expected: ExpectedRevision,
    idempotency?: IdempotencyRecord,
  ): AppendResult {
    const row = this.selectStream.get(stream) as StreamRow | undefined;
    const actual = row ? BigInt(row.last_revision) : 'no_stream';
    const repeated = row && events[0]!.idGiven ? this.repeatedAppend(stream, row, events, expected, actual) : undefined;
    if (repeated) return repeated;
    if (!satisfies(expected, actual)) throw new WrongExpectedRevisionError(stream, expected, actual);

    const streamId = row ? row.id : Number(this.insertStream.run(stream).lastInsertRowid);
    let revision = row ? row.last_revision : -1;
    let last = 0;
    const created = Date.now();
    const recorded: RecordedEvent[] = [];
    events.forEach((event, index) => {
      revision += 1;
      try {
        const result = this.insertEvent.run(streamId, revision, uuidToBytes(event.id), typeIds[index], created, event.data, event.metadata);
        last = Number(result.lastInsertRowid);
        recorded.push(recordedEvent(stream, event, BigInt(revision), BigInt(last), created));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new InvalidAppendError(stream, `event id ${event.id} is already in the stream at another place`);
        }
        throw error;
      }
    });
    this.updateStream.run(revision, streamId);
    const at = position(BigInt(last));
    if (idempotency) this.idempotencyKeys.record(idempotency, stream, at, events.map((event) => event.type));
    return { nextExpectedRevision: BigInt(revision), position: at, recorded };
  }

  /**
   * EventStoreDB's idempotency: when the first event's id is already in the stream, the append
   * is a repeat if every id matches the events from there on, at a place the expectation allows.
   */
  private repeatedAppend(
    stream: string,
    row: StreamRow,
    events: readonly PreparedEvent[],
    expected: ExpectedRevision,
    actual: bigint | 'no_stream',
  ): AppendResult | undefined {
    const start = this.selectRevisionOfEventId.get(row.id, uuidToBytes(events[0]!.id)) as number | undefined;
    if (start === undefined) return undefined;
    const stored = this.selectIdsFrom.all(row.id, start, events.length) as { event_id: Buffer; position: number }[];
    const sameIds = stored.length === events.length && stored.every((s, i) => s.event_id.equals(uuidToBytes(events[i]!.id)));
    const samePlace = expected === 'any' || expected === 'stream_exists' || (expected === 'no_stream' ? start === 0 : BigInt(start) === expected + 1n);
    if (!sameIds || !samePlace) throw new WrongExpectedRevisionError(stream, expected, actual);
    return {
      nextExpectedRevision: BigInt(start + events.length - 1),
      position: position(BigInt(stored[stored.length - 1]!.position)),
    };
  }
}

/** The event as a read would return it: the JSON parsed back from the text stored, so nothing differs. */
function recordedEvent(stream: string, event: PreparedEvent, revision: bigint, at: bigint, created: number): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    streamId: stream,
    revision,
    position: position(at),
    data: JSON.parse(event.data) as JsonValue,
    metadata: JSON.parse(event.metadata) as JsonObject,
    created: new Date(created),
  };
}

function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}
