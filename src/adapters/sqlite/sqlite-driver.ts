/**
 * The part of better-sqlite3 this adapter uses, typed here so that the rest of the adapter
 * depends on these few calls, not on the driver's whole surface. `open-database.ts` is the one
 * file that imports the driver.
 */

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** A prepared statement. Rows come back as `unknown`: each caller states the shape it selected. */
export interface SqliteStatement {
  run(...parameters: unknown[]): RunResult;
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
  /** Return the first column's value instead of a row object. */
  pluck(toggle?: boolean): this;
  /** Return integers as bigints. */
  safeIntegers(toggle?: boolean): this;
}

type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/** A function run in a transaction: `BEGIN DEFERRED` as a call, `BEGIN IMMEDIATE` through `immediate`. */
export interface SqliteTransaction<F extends (...args: any[]) => unknown> {
  (...args: ArgumentsOf<F>): ReturnType<F>;
  immediate(...args: ArgumentsOf<F>): ReturnType<F>;
}

export interface SqliteDatabase {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { readonly simple?: boolean }): unknown;
  transaction<F extends (...args: any[]) => unknown>(run: F): SqliteTransaction<F>;
  close(): unknown;
}
