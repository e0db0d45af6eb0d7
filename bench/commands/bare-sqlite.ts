import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runFor, type RunResult } from '../support/timed-run.js';
import { cartOf, itemAdded, metadata } from './workload.js';

/**
 * The limit: the same rows inserted by a bare loop with the same driver and durability (WAL,
 * synchronous=FULL), no reads and no checks. One transaction per command is the fsync bound at
 * concurrency 1; one durable transaction per 32 rows is the bound at concurrency 32, where each
 * client waits for its acknowledgement and a commit can hold at most 32 commands; all rows in one
 * transaction is the CPU bound, which no durable acknowledgement per command can reach.
 */
export async function bareSqlite(dir: string, durationMs: number, mode: 'transaction-per-command' | 'group-of-32' | 'one-transaction'): Promise<RunResult> {
  const db = new Database(join(dir, `bare-${mode}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT, revision INTEGER, type TEXT, data TEXT, metadata TEXT, UNIQUE (stream, revision))');
  const insert = db.prepare('INSERT INTO events (stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
  const row = (n: number) => {
    const event = itemAdded(n);
    insert.run(cartOf(0, n), n % 10, event.type, JSON.stringify(event.data), JSON.stringify(metadata(n)));
  };
  const perCommand = db.transaction(row);
  const perGroup = db.transaction((first: number) => {
    for (let n = first; n < first + 32; n += 1) row(n);
  });
  try {
    if (mode === 'transaction-per-command') return await runFor(durationMs, 1, async (_client, n) => perCommand.immediate(n));
    if (mode === 'group-of-32') {
      const result = await runFor(durationMs, 1, async (_client, n) => perGroup.immediate(n * 32));
      return { ...result, operations: result.operations * 32, perSecond: result.perSecond * 32 };
    }
    const start = performance.now();
    let n = 0;
    db.exec('BEGIN IMMEDIATE');
    while (performance.now() - start < durationMs) row(n++);
    db.exec('COMMIT');
    const seconds = (performance.now() - start) / 1000;
    return { operations: n, failures: 0, seconds, perSecond: n / seconds };
  } finally {
    db.close();
  }
}
