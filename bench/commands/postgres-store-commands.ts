import { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import type { Aggregate } from '../../src/core/commands/aggregate.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { commandContext } from '../../src/core/commands/command-context.js';
import { runFor, type RunResult } from '../support/timed-run.js';
import { cartOf, decide } from './workload.js';

const cart: Aggregate<number> = { initialState: () => 0, evolve: (items) => items + 1 };

/**
 * Our command path on PostgreSQL: CommandHandler over the PostgreSQL store with its defaults
 * (a pool of 10, two batches in flight), the same cart workload as on the embedded store, in the
 * schema given (made by the store's migrations).
 */
export async function postgresStoreCommands(url: string, schema: string, durationMs: number, concurrency: number): Promise<RunResult> {
  const store = await PostgresEventStore.open({ url, schema });
  const handler = new CommandHandler(store);
  try {
    return await runFor(durationMs, concurrency, (client, n) =>
      handler.handle(cartOf(client, n), cart, (items) => [decide(items, n)], commandContext()),
    );
  } finally {
    await store.close();
  }
}
