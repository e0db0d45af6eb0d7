import type { Db } from 'mongodb';

/**
 * Runs the update commands sent to one database one after another. FerretDB 1.24 keeps every
 * update of a command on a pooled SQLite connection until the command ends, and a database's
 * pool holds 100: two commands of 50 updates at once (two runners committing together) took
 * all of them and waited for a 101st, and the database hung for good, every later command queued
 * behind them. One command at a time, of at most `updatesPerCommand` (see ServerFeatures), leaves
 * room for other processes and for the reads and inserts running beside it.
 *
 * Kept per database connection (a WeakMap on its `Db`): the bulk writes that need it are given
 * only the collection.
 */
export class OneCommandAtATime {
  private static readonly byDatabase = new WeakMap<Db, OneCommandAtATime>();
  private last: Promise<unknown> = Promise.resolve();

  static of(db: Db): OneCommandAtATime {
    let queue = OneCommandAtATime.byDatabase.get(db);
    if (!queue) {
      queue = new OneCommandAtATime();
      OneCommandAtATime.byDatabase.set(db, queue);
    }
    return queue;
  }

  run<T>(command: () => Promise<T>): Promise<T> {
    const result = this.last.then(command);
    this.last = result.catch(() => undefined);
    return result;
  }
}
