import { ChangeFeed } from '../change-feed.js';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from '../open-database.js';
import { StatementCache } from '../statement-cache.js';
import { createReadModelSchema } from './read-model-schema.js';

/**
 * The embedded read models' own SQLite file, apart from the events so that projection batches
 * and appends never wait for each other's write lock. Commits here use synchronous=NORMAL: a
 * power loss can only take back whole batches together with their checkpoints, which are then
 * replayed from the events. The log is copied into the database every 10,000 pages (40 MB)
 * rather than SQLite's 1,000: rebuilds write in large batches, and fewer, larger checkpoints
 * cost less.
 */
export class ReadModelDatabase {
  /** How the file is opened; the rebuild benchmark's bare limits open theirs the same way. */
  static readonly tuning: OpenDatabaseOptions = { synchronous: 'normal', checkpointPages: 10_000, cacheMiB: 8 };

  readonly db: SqliteDatabase;
  readonly changes: ChangeFeed;
  readonly statements: StatementCache;

  constructor(readonly file: string) {
    this.db = openDatabase(file, ReadModelDatabase.tuning);
    createReadModelSchema(this.db);
    this.changes = new ChangeFeed(this.db, file);
    this.statements = new StatementCache(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    this.changes.close();
    this.db.close();
  }
}
