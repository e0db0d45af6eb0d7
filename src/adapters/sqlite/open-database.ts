import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /**
   * `full` (the default) makes every commit durable across power loss; `normal` may lose the
   * last commits on power loss (never on a process crash) and is several times faster.
   */
  readonly synchronous?: 'full' | 'normal';
  readonly busyTimeoutMs?: number;
  /** SQLite's page cache for this connection, in MiB. Default 16. */
  readonly cacheMiB?: number;
}

/** Opens (creating if needed) a SQLite file in WAL mode, so readers never block the writer. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${(options.cacheMiB ?? 16) * 1024}`);
  return db;
}
