import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type { SqliteDatabase } from './sqlite-driver.js';

export type { SqliteDatabase } from './sqlite-driver.js';

export interface OpenDatabaseOptions {
  /**
   * `full` (the default) makes every commit durable across power loss; `normal` may lose the
   * last commits on power loss (never on a process crash) and is several times faster.
   */
  readonly synchronous?: 'full' | 'normal';
  readonly busyTimeoutMs?: number;
  /** SQLite's page cache for this connection, in MiB. Default 8. */
  readonly cacheMiB?: number;
  /** Pages the write-ahead log may grow to before it is copied into the database. Default 1000, SQLite's. */
  readonly checkpointPages?: number;
}

/** Opens (creating if needed) a SQLite file in WAL mode, so readers never block the writer. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db: SqliteDatabase = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${(options.cacheMiB ?? 8) * 1024}`);
  db.pragma(`wal_autocheckpoint = ${options.checkpointPages ?? 1000}`);
  return db;
}
