import type { SqliteDatabase } from './open-database.js';

/**
 * `$all` is the `events` table in rowid order: `position` is the one global sequence, and
 * SQLite's single writer makes positions grow in commit order. Stream and type names are
 * interned, so an event row carries two small integers instead of two strings.
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
  `);
}
