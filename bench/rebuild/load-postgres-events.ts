import pg from 'pg';
import { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import type { RecordedEvent } from '../../src/core/events.js';
import type { Position } from '../../src/core/position.js';

const CHUNK = 5_000;

/**
 * Copies an embedded events file into a PostgreSQL store's schema, in `$all` order, with the
 * same ids, streams, revisions, data and times. Not part of any timing. The store makes its
 * schema; the rows are then inserted in bulk, 5,000 to a transaction, straight into its tables:
 * appends through the store would be sorted by stream within each group commit, and the
 * workload needs `$all` in its own order (every event refers to entities created before it).
 * Keep the columns in step with postgres-schema.ts.
 */
export async function loadPostgresEvents(eventsFile: string, url: string, schema: string): Promise<number> {
  await (await PostgresEventStore.open({ url, schema })).close();
  const source = new SqliteEventStore({ file: eventsFile });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lastRevisions = new Map<string, bigint>();
  let copied = 0;
  try {
    await client.query(`SET search_path TO ${schema}`);
    let from: Position | 'start' = 'start';
    for (;;) {
      const page = await source.readAll({ fromPosition: from, maxCount: CHUNK + 1 });
      const events: RecordedEvent[] = from === 'start' ? page : page.slice(1);
      if (events.length === 0) break;
      await client.query(
        `INSERT INTO events (stream, revision, event_id, type, data, metadata, created)
         SELECT stream, revision, event_id, type, data::jsonb, metadata::jsonb, created
         FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
           WITH ORDINALITY AS e (stream, revision, event_id, type, data, metadata, created, n)
         ORDER BY n`,
        [
          events.map((e) => e.streamId),
          events.map((e) => e.revision.toString()),
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
          events.map((e) => e.created.toISOString()),
        ],
      );
      for (const event of events) lastRevisions.set(event.streamId, event.revision);
      copied += events.length;
      from = events.at(-1)!.position;
    }
    const streams = [...lastRevisions];
    for (let i = 0; i < streams.length; i += CHUNK) {
      const chunk = streams.slice(i, i + CHUNK);
      await client.query('INSERT INTO streams (name, last_revision) SELECT * FROM unnest($1::text[], $2::bigint[])', [chunk.map(([name]) => name), chunk.map(([, revision]) => revision.toString())]);
    }
    await client.query('ANALYZE');
    return copied;
  } finally {
    await client.end();
    await source.close();
  }
}
