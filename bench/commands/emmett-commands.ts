import { CommandHandler } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { join } from 'node:path';
import { runFor, type RunResult } from '../support/timed-run.js';
import { cartOf, decide, metadata } from './workload.js';

type ItemAdded = { type: 'ItemAdded'; data: ReturnType<typeof decide>['data']; metadata: ReturnType<typeof metadata> };

const handle = CommandHandler<number, ItemAdded>({ evolve: (items) => items + 1, initialState: () => 0 });

/**
 * The peer: Emmett's SQLite event store and command handler, as its docs use them (WAL, the
 * driver's default synchronous=FULL). Its store cannot run commands concurrently: a shared
 * store mixes their transactions on one connection (commands read each other's writes and
 * fail), and one store per client fails with SQLITE_BUSY (no busy timeout). So concurrent
 * clients queue for one store, which is the only way it runs correctly.
 */
export async function emmettCommands(dir: string, durationMs: number, concurrency: number): Promise<RunResult> {
  const store = getSQLiteEventStore({ fileName: join(dir, `emmett-${concurrency}.db`) });
  await store.appendToStream('warm-up', [{ type: 'ItemAdded', data: decide(0, 0).data, metadata: metadata(0) }]);
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  return runFor(durationMs, concurrency, (client, n) =>
    serialised(() => handle(store, cartOf(client, n), (items) => ({ ...decide(items, n), metadata: metadata(n) }) as ItemAdded)),
  );
}
