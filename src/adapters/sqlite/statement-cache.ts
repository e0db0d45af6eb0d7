import type { SqliteStatement } from './sqlite-driver.js';
import type { SqliteDatabase } from './open-database.js';

/** Prepared statements by SQL text: preparing costs more than running a short query. */
export class StatementCache {
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(private readonly db: SqliteDatabase) {}

  get(sql: string, options: { safeIntegers?: boolean; pluck?: boolean } = {}): SqliteStatement {
    const key = `${options.safeIntegers ? 'S' : '-'}${options.pluck ? 'P' : '-'}${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (options.safeIntegers) statement.safeIntegers(true);
      if (options.pluck) statement.pluck(true);
      this.statements.set(key, statement);
    }
    return statement;
  }

  /** Forget everything: after tables were dropped, their statements are dead. */
  clear(): void {
    this.statements.clear();
  }
}
