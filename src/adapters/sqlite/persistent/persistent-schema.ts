import type { SqliteDatabase } from '../open-database.js';

/**
 * Persistent subscription state lives beside the events, so that every process using the file
 * shares one view of each group: which events are outstanding (`ps_messages`: pending when
 * `consumer_id` is null, else in flight until `deadline`), which are parked, and which
 * consumers are alive (their `heartbeat_at` is recent).
 */
export function createPersistentSubscriptionSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ps_groups (
      name               TEXT    PRIMARY KEY,
      settings           TEXT    NOT NULL,
      filter             TEXT,
      read_position      INTEGER NOT NULL,
      checkpoint         INTEGER,
      checkpointed_at    INTEGER NOT NULL,
      acked_since_checkpoint INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS ps_messages (
      group_name  TEXT    NOT NULL,
      position    INTEGER NOT NULL,
      pin         INTEGER NOT NULL,
      retry_count INTEGER NOT NULL DEFAULT 0,
      consumer_id TEXT,
      deadline    INTEGER,
      replay      INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (group_name, position)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ps_messages_by_consumer ON ps_messages (group_name, consumer_id);
    CREATE TABLE IF NOT EXISTS ps_parked (
      group_name TEXT    NOT NULL,
      position   INTEGER NOT NULL,
      pin        INTEGER NOT NULL,
      reason     TEXT    NOT NULL,
      parked_at  INTEGER NOT NULL,
      PRIMARY KEY (group_name, position)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ps_consumers (
      group_name   TEXT    NOT NULL,
      consumer_id  TEXT    NOT NULL,
      name         TEXT    NOT NULL,
      buffer_size  INTEGER NOT NULL,
      connected_at INTEGER NOT NULL,
      heartbeat_at INTEGER NOT NULL,
      PRIMARY KEY (group_name, consumer_id)
    ) WITHOUT ROWID;
  `);
}
