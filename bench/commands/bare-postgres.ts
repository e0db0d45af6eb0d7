import pg from 'pg';
import { runFor, type RunResult } from '../support/timed-run.js';
import { cartOf, itemAdded, metadata } from './workload.js';

const ROWS_PER_STATEMENT = 32;

/**
 * The limit on PostgreSQL: the command workload's rows inserted by a bare loop with `pg` and the
 * store's durability (synchronous_commit = on), into a table shaped like the store's (JSONB
 * data, unique stream and revision), with no reads and no checks. One transaction per command
 * (one autocommit INSERT, one round trip) is the bound at concurrency 1; one transaction per 32
 * rows (one INSERT of 32 rows) is the bound at concurrency 32, where each client waits for its
 * acknowledgement and a commit can hold at most 32 commands; the same 32-row INSERTs all in one
 * transaction take the commit's flush away, which no durable acknowledgement per command can.
 */
export async function barePostgres(url: string, schema: string, durationMs: number, mode: 'transaction-per-command' | 'group-of-32' | 'one-transaction'): Promise<RunResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `${schema}.bare_${mode.replaceAll('-', '_')}`;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('SET synchronous_commit = on');
    await client.query(
      `CREATE TABLE ${table} (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream text NOT NULL, revision bigint NOT NULL,
         type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, UNIQUE (stream, revision))`,
    );
    const valuesOf = (n: number) => {
      const event = itemAdded(n);
      return [cartOf(0, n), n % 10, event.type, JSON.stringify(event.data), JSON.stringify(metadata(n))];
    };
    const tuples = Array.from({ length: ROWS_PER_STATEMENT }, (_, row) => `($${row * 5 + 1}, $${row * 5 + 2}, $${row * 5 + 3}, $${row * 5 + 4}::jsonb, $${row * 5 + 5}::jsonb)`);
    const insertOne = { name: `bare-one-${schema}`, text: `INSERT INTO ${table} (stream, revision, type, data, metadata) VALUES ${tuples[0]}` };
    const insertGroup = { name: `bare-group-${schema}`, text: `INSERT INTO ${table} (stream, revision, type, data, metadata) VALUES ${tuples.join(', ')}` };
    const group = (first: number) => client.query({ ...insertGroup, values: Array.from({ length: ROWS_PER_STATEMENT }, (_, row) => valuesOf(first + row)).flat() });

    if (mode === 'transaction-per-command') return await runFor(durationMs, 1, (_client, n) => client.query({ ...insertOne, values: valuesOf(n) }));
    if (mode === 'group-of-32') {
      const result = await runFor(durationMs, 1, (_client, n) => group(n * ROWS_PER_STATEMENT));
      return { ...result, operations: result.operations * ROWS_PER_STATEMENT, perSecond: result.perSecond * ROWS_PER_STATEMENT };
    }
    const start = performance.now();
    let n = 0;
    await client.query('BEGIN');
    for (; performance.now() - start < durationMs; n += ROWS_PER_STATEMENT) await group(n);
    await client.query('COMMIT');
    const seconds = (performance.now() - start) / 1000;
    return { operations: n, failures: 0, seconds, perSecond: n / seconds };
  } finally {
    await client.end();
  }
}
