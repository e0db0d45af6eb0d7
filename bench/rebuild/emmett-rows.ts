import { schemaSQL } from '@event-driven-io/emmett-sqlite';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { WorkloadEvent } from './workload.js';

/** Rows per transaction: large, since nothing reads the file while it is written. */
const CHUNK = 50_000;

/** What `getSQLiteEventStore(...).appendToStream` derives from a stream name. */
export const streamTypeOf = (streamName: string): string => {
  const [firstPart, ...rest] = streamName.split('-');
  return firstPart && rest.length > 0 ? firstPart : 'emt:unknown';
};

/**
 * Writes the rows Emmett 0.38.5 writes when each event is appended by its own
 * `appendToStream(stream, [event])` call (one command, one event), after creating Emmett's
 * schema with its own DDL (`schemaSQL`). Emmett's appendToStream takes ~300 events/s, too slow
 * to load a benchmark; `checkRowsAgainstEmmett` proves these are its rows:
 *  - emt_messages: stream_id, stream_position, partition 'emt:default', message_kind 'E',
 *    message_data (JSON), message_metadata ({streamName, messageId, streamPosition: "1"}, the
 *    position within the append, as Emmett writes it), message_schema_version (the stream's
 *    version before the append, as Emmett writes it), message_type, message_id (uuid v4),
 *    is_archived 0; global_position and created are the table's own.
 *  - emt_streams: one row per stream with its last position; the partition is the text
 *    '[object Object]' because Emmett binds its column descriptor there, stream_type from the
 *    name, stream_metadata '[]', is_archived 0.
 * Returns the number of events written.
 */
export function writeEmmettRows(fileName: string, events: Iterable<WorkloadEvent>, onEvent?: (event: WorkloadEvent) => void): number {
  const db = new Database(fileName);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF'); // only for this untimed connection; not stored in the file
    for (const statement of schemaSQL) db.exec(statement);
    const insertMessage = db.prepare(
      `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata, message_schema_version, message_type, message_id, is_archived)
       VALUES (?, ?, 'emt:default', 'E', ?, ?, ?, ?, ?, 0)`,
    );
    const insertStream = db.prepare(
      `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived) VALUES (?, ?, '[object Object]', ?, '[]', 0)`,
    );
    const positions = new Map<string, number>();
    const flush = db.transaction((batch: WorkloadEvent[]) => {
      for (const event of batch) {
        const previous = positions.get(event.stream) ?? 0;
        positions.set(event.stream, previous + 1);
        const messageId = randomUUID();
        const metadata = JSON.stringify({ streamName: event.stream, messageId, streamPosition: '1' });
        insertMessage.run(event.stream, previous + 1, JSON.stringify(event.data), metadata, String(previous), event.type, messageId);
      }
    });
    let count = 0;
    const chunk: WorkloadEvent[] = [];
    for (const event of events) {
      onEvent?.(event);
      chunk.push(event);
      count += 1;
      if (chunk.length === CHUNK) flush(chunk.splice(0));
    }
    flush(chunk.splice(0));
    db.transaction(() => {
      for (const [stream, position] of positions) insertStream.run(stream, position, streamTypeOf(stream));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return count;
  } finally {
    db.close();
  }
}
