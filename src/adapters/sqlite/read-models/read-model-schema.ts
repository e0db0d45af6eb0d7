import type { SqliteDatabase } from '../open-database.js';

/**
 * What every generation shares: checkpoints (with a commit count that guards against two
 * writers), how often each generation was emptied (commit counts restart then), parked events, the registry of generations, and a change log that lets other
 * processes hear of commits. Each generation's documents live in tables of their own.
 * Tables are created if missing; a column added since is added to a file that lacks it.
 */
export function createReadModelSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rm_checkpoints (
      key         TEXT    PRIMARY KEY,
      commit_pos  INTEGER NOT NULL,
      prepare_pos INTEGER NOT NULL,
      commits     INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rm_truncations (
      key   TEXT    PRIMARY KEY,
      count INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rm_parked (
      key         TEXT    NOT NULL,
      commit_pos  INTEGER NOT NULL,
      prepare_pos INTEGER NOT NULL,
      stream      TEXT    NOT NULL,
      event_id    TEXT    NOT NULL,
      event_type  TEXT    NOT NULL,
      error       TEXT    NOT NULL,
      attempts    INTEGER NOT NULL,
      parked_at   INTEGER NOT NULL,
      PRIMARY KEY (key, commit_pos, prepare_pos)
    );
    CREATE TABLE IF NOT EXISTS rm_generations (
      projection  TEXT    NOT NULL,
      generation  INTEGER NOT NULL,
      version     INTEGER NOT NULL,
      state       TEXT    NOT NULL,
      created_at  INTEGER NOT NULL,
      switched_at INTEGER,
      error       TEXT,
      PRIMARY KEY (projection, generation)
    );
    CREATE TABLE IF NOT EXISTS rm_registry_version (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO rm_registry_version (id, version) VALUES (1, 0);
    CREATE TABLE IF NOT EXISTS rm_leases (
      key        TEXT    PRIMARY KEY,
      owner      TEXT,
      epoch      INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rm_workers (
      owner      TEXT    PRIMARY KEY,
      seen_at    INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rm_changes (
      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
      projection      TEXT    NOT NULL,
      generation      INTEGER NOT NULL,
      commit_pos      INTEGER NOT NULL,
      prepare_pos     INTEGER NOT NULL,
      document_ids    TEXT    NOT NULL,
      correlations    TEXT    NOT NULL,
      parking         TEXT,
      part            INTEGER
    );
  `);
  addChangeColumn(db, 'parking', 'TEXT');
  addChangeColumn(db, 'part', 'INTEGER');
}

/**
 * A file written before changes carried their parking (see encodeParking) or their partition
 * gets the column, empty in its older entries: parking then reads as unknown, and the partition
 * as none (partitioned projections came with it). It takes the write lock only when the column
 * is missing, and checks again under it, in case another process added it meanwhile.
 */
function addChangeColumn(db: SqliteDatabase, column: 'parking' | 'part', type: string): void {
  const missing = () => !db.prepare(`SELECT count(*) FROM pragma_table_info('rm_changes') WHERE name = ?`).pluck().get(column);
  if (!missing()) return;
  db.transaction(() => {
    if (missing()) db.exec(`ALTER TABLE rm_changes ADD COLUMN ${column} ${type}`);
  }).immediate();
}
