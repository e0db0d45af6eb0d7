import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { APPEND_FUNCTIONS_SQL } from './append-functions-sql.js';
import { quoteIdentifier } from './postgres-pool.js';

/**
 * The store's tables, made by numbered migrations that run once each, in order, at start.
 * Processes starting at once serialise on a transaction-scoped advisory lock named after the
 * schema: the second waits, then finds the migrations applied. Each migration commits with
 * its number, so a crash half-way leaves nothing half-made.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE store_info (key text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE streams (name text PRIMARY KEY, last_revision bigint NOT NULL);
   -- $all order is (tx_id, position): see postgres-all-reader.ts for why it is gap-free.
   CREATE TABLE events (
     position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     tx_id    xid8        NOT NULL DEFAULT pg_current_xact_id(),
     stream   text        NOT NULL,
     revision bigint      NOT NULL,
     event_id uuid        NOT NULL,
     type     text        NOT NULL,
     data     jsonb       NOT NULL,
     metadata jsonb       NOT NULL,
     created  timestamptz NOT NULL,
     UNIQUE (stream, revision)
   );
   CREATE UNIQUE INDEX events_by_stream_event_id ON events (stream, event_id);
   CREATE INDEX events_in_all_order ON events (tx_id, position);
   CREATE INDEX events_by_type ON events (type, tx_id, position);
   CREATE INDEX events_by_correlation_id ON events ((metadata ->> '$correlationId'), tx_id, position)
     WHERE metadata ? '$correlationId';
   CREATE TABLE idempotency_keys (
     key         text   PRIMARY KEY,
     fingerprint text   NOT NULL,
     outcome     json   NOT NULL, -- json, not jsonb: a retry is answered with the first answer's very text
     stream      text   NOT NULL,
     tx_id       xid8   NOT NULL,
     position    bigint NOT NULL,
     event_types json   NOT NULL,
     expires     bigint NOT NULL
   );
   CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires);
   CREATE TABLE ps_groups (
     name            text   PRIMARY KEY,
     settings        text   NOT NULL,
     filter          text,
     read_tx         xid8   NOT NULL,
     read_position   bigint NOT NULL,
     checkpoint_tx   xid8,
     checkpoint_position bigint,
     checkpointed_at bigint NOT NULL,
     acked_since_checkpoint integer NOT NULL DEFAULT 0,
     epoch           bigint NOT NULL DEFAULT 0
   );
   CREATE TABLE ps_messages (
     group_name  text    NOT NULL REFERENCES ps_groups (name) ON DELETE CASCADE,
     position    bigint  NOT NULL,
     tx_id       xid8    NOT NULL,
     pin         bigint  NOT NULL,
     retry_count integer NOT NULL DEFAULT 0,
     consumer_id text,
     deadline    bigint,
     replay      boolean NOT NULL DEFAULT false,
     PRIMARY KEY (group_name, position)
   );
   CREATE INDEX ps_messages_by_consumer ON ps_messages (group_name, consumer_id);
   CREATE TABLE ps_parked (
     group_name text   NOT NULL REFERENCES ps_groups (name) ON DELETE CASCADE,
     position   bigint NOT NULL,
     tx_id      xid8   NOT NULL,
     pin        bigint NOT NULL,
     reason     text   NOT NULL,
     parked_at  bigint NOT NULL,
     PRIMARY KEY (group_name, position)
   );
   CREATE TABLE ps_consumers (
     group_name   text   NOT NULL REFERENCES ps_groups (name) ON DELETE CASCADE,
     consumer_id  text   NOT NULL,
     name         text   NOT NULL,
     buffer_size  integer NOT NULL,
     connected_at bigint NOT NULL,
     lease_until  bigint NOT NULL,
     epoch        bigint NOT NULL,
     PRIMARY KEY (group_name, consumer_id)
   );`,
  APPEND_FUNCTIONS_SQL,
];

export async function migratePostgresSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`projectionist:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}, public`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    for (let version = rows[0]!.version + 1; version <= MIGRATIONS.length; version += 1) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    await client.query(`INSERT INTO store_info (key, value) VALUES ('store_id', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(12).toString('base64url')]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
