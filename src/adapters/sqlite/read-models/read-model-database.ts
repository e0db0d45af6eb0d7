import { ChangeFeed } from '../change-feed.js';
import { openDatabase, type SqliteDatabase } from '../open-database.js';
import { StatementCache } from '../statement-cache.js';
import { createReadModelSchema } from './read-model-schema.js';

/**
 * The embedded read models' own SQLite file, apart from the events so that projection batches
 * and appends never wait for each other's write lock. Commits here use synchronous=NORMAL: a
 * power loss can only take back whole batches together with their checkpoints, which are then
 * replayed from the events.
 */
export class ReadModelDatabase {
  readonly db: SqliteDatabase;
  readonly changes: ChangeFeed;
  readonly statements: StatementCache;

  constructor(readonly file: string) {
    this.db = openDatabase(file, { synchronous: 'normal' });
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
