import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './open-database.js';

/** The `$correlationId` of an event's metadata, as indexed and as queried: the two must match exactly. */
export const CORRELATION_ID_SQL = `json_extract(metadata, '$."$correlationId"')`;

/**
 * `$all` is the `events` table in rowid order: `position` is the one global sequence, and
 * SQLite's single writer makes positions grow in commit order. Stream and type names are
 * interned, so an event row carries two small integers instead of two strings.
 *
 * Conversations are found by an index on the `$correlationId` of the metadata (an expression
 * index: it is kept in the append's own transaction, and fills itself on an older file).
 * Idempotency keys live beside the events, so that a key and its append commit together.
 */
export function createEventStoreSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS streams (
      id            INTEGER PRIMARY KEY,
      name          TEXT    NOT NULL UNIQUE,
      last_revision INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS event_types (
      id   INTEGER PRIMARY KEY,
      name TEXT    NOT NULL UNIQUE
    );
    CREATE TABLE IF NOT EXISTS events (
      position  INTEGER PRIMARY KEY,
      stream_id INTEGER NOT NULL,
      revision  INTEGER NOT NULL,
      event_id  BLOB    NOT NULL,
      type_id   INTEGER NOT NULL,
      created   INTEGER NOT NULL,
      data      TEXT    NOT NULL,
      metadata  TEXT    NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream_revision ON events (stream_id, revision);
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream_event_id ON events (stream_id, event_id);
    CREATE INDEX IF NOT EXISTS events_by_correlation_id ON events (${CORRELATION_ID_SQL}) WHERE ${CORRELATION_ID_SQL} IS NOT NULL;
    CREATE TABLE IF NOT EXISTS store_info (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS idempotency_keys (
      key         TEXT    PRIMARY KEY,
      fingerprint TEXT    NOT NULL,
      outcome     TEXT    NOT NULL,
      stream      TEXT    NOT NULL,
      position    INTEGER NOT NULL,
      event_types TEXT    NOT NULL,
      expires     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS idempotency_keys_by_expiry ON idempotency_keys (expires);
  `);
  db.prepare(`INSERT OR IGNORE INTO store_info (key, value) VALUES ('store_id', ?)`).run(randomBytes(12).toString('base64url'));
}
