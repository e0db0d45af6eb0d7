import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeEmmettRows } from './emmett-rows.js';
import { workload } from './workload.js';

type Row = Record<string, unknown>;

/**
 * Proves on the first `count` events of the workload that `writeEmmettRows` writes the rows
 * Emmett's own appendToStream writes: both files are compared row by row, all but the random
 * message ids and the timestamps, whose consistency is checked instead. Throws on a difference.
 */
export async function checkEmmettRows(dir: string, count: number): Promise<void> {
  const byEmmett = join(dir, 'check-emmett.db');
  const byLoader = join(dir, 'check-loader.db');
  const store = getSQLiteEventStore({ fileName: byEmmett });
  for (const event of workload(count)) await store.appendToStream(event.stream, [{ type: event.type, data: event.data }]);
  writeEmmettRows(byLoader, workload(count));
  const emmett = rowsOf(byEmmett);
  const loader = rowsOf(byLoader);
  if (!isDeepStrictEqual(emmett, loader)) {
    throw new Error(`the loader's rows differ from Emmett's: ${JSON.stringify(emmett).slice(0, 2000)}\n${JSON.stringify(loader).slice(0, 2000)}`);
  }
  console.error(`loader check: the rows of the first ${count} events are the ones Emmett's appendToStream writes (${emmett.streams.length} streams)`);
}

/** A file's rows and column types, with each message's id checked against its metadata and then left out. */
function rowsOf(fileName: string) {
  const db = new Database(fileName, { readonly: true });
  try {
    const messages = db.prepare(`SELECT * FROM emt_messages ORDER BY global_position`).all() as Row[];
    const streams = db.prepare(`SELECT *, typeof(stream_position) AS t FROM emt_streams ORDER BY stream_id`).all();
    const types = db
      .prepare(`SELECT typeof(stream_position), typeof(message_schema_version), typeof(is_archived), typeof(message_data), typeof(message_metadata) FROM emt_messages`)
      .all();
    return {
      streams,
      types,
      messages: messages.map(({ message_id, created, message_metadata, ...row }) => {
        const { messageId, ...metadata } = JSON.parse(String(message_metadata)) as Row;
        if (messageId !== message_id || typeof message_id !== 'string' || typeof created !== 'string') throw new Error(`bad ids in ${fileName}`);
        // The keys' order too: Emmett's metadata is compared as written.
        return { ...row, metadata: Object.keys(metadata).join(',') + JSON.stringify(metadata) };
      }),
    };
  } finally {
    db.close();
  }
}
