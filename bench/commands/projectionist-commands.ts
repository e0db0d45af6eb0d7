import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import type { Aggregate } from '../../src/core/commands/aggregate.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { commandContext } from '../../src/core/commands/command-context.js';
import { runFor, type RunResult } from '../support/timed-run.js';
import { cartOf, decide } from './workload.js';

const cart: Aggregate<number> = { initialState: () => 0, evolve: (items) => items + 1 };

/** Our command path: CommandHandler over the embedded store, as the API runs it. */
export async function projectionistCommands(dir: string, durationMs: number, concurrency: number, synchronous: 'full' | 'normal'): Promise<RunResult> {
  const store = new SqliteEventStore({ file: join(dir, `projectionist-${concurrency}-${synchronous}.db`), synchronous });
  const handler = new CommandHandler(store);
  try {
    return await runFor(durationMs, concurrency, (client, n) =>
      handler.handle(cartOf(client, n), cart, (items) => [decide(items, n)], commandContext()),
    );
  } finally {
    await store.close();
  }
}
