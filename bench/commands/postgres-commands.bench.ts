import { printTable, ratio, type Row } from '../support/report.js';
import type { RunResult } from '../support/timed-run.js';
import { withScratchSchema } from '../support/with-scratch-schema.js';
import { barePostgres } from './bare-postgres.js';
import { postgresStoreCommands } from './postgres-store-commands.js';

/**
 * Commands per second on the PostgreSQL event store (POSTGRES_URL), beside the bare `pg` INSERT
 * loop of the same rows at the same durability, measured in the same run. Every run has a fresh
 * schema, dropped after it.
 */
export async function postgresCommandsBenchmark(durationMs: number): Promise<void> {
  const url = process.env.POSTGRES_URL;
  if (!url) {
    console.log('\nCommands on PostgreSQL: skipped, POSTGRES_URL is not set');
    return;
  }
  const inSchema = (run: (schema: string) => Promise<RunResult>) => withScratchSchema(url, 'pj_bench_commands', run);
  const ours1 = await inSchema((schema) => postgresStoreCommands(url, schema, durationMs, 1));
  const ours32 = await inSchema((schema) => postgresStoreCommands(url, schema, durationMs, 32));
  const bareEach = await inSchema((schema) => barePostgres(url, schema, durationMs, 'transaction-per-command'));
  const bareGroup = await inSchema((schema) => barePostgres(url, schema, durationMs, 'group-of-32'));
  const bareOne = await inSchema((schema) => barePostgres(url, schema, durationMs, 'one-transaction'));

  const row = (label: string, result: RunResult, note = ''): Row => ({
    label,
    perSecond: result.perSecond,
    unit: 'commands/s',
    note: [note, result.failures ? `${result.failures} failed (${result.firstFailure})` : ''].filter(Boolean).join('; '),
  });
  printTable('Commands: load stream, decide, append at the expected revision (PostgreSQL event store, synchronous_commit=on)', [
    row('projectionist, concurrency 1', ours1, `${ratio(ours1.perSecond, bareEach.perSecond)} bare tx/command`),
    row(
      'projectionist, concurrency 32',
      ours32,
      `${ratio(ours32.perSecond, bareGroup.perSecond)} bare durable tx of 32; ${ratio(ours32.perSecond, bareOne.perSecond)} bare one-tx; ${ratio(ours32.perSecond, ours1.perSecond)} concurrency 1`,
    ),
    row('bare pg insert, tx per command', bareEach),
    row('bare pg insert, durable tx of 32 rows', bareGroup, `the most a commit of 32 acknowledged commands can hold; ${ratio(bareGroup.perSecond, bareOne.perSecond)} bare one-tx`),
    row('bare pg insert, one tx (32-row statements)', bareOne),
  ]);
}
