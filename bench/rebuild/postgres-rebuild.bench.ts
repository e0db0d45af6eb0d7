import { join } from 'node:path';
import { printTable, ratio } from '../support/report.js';
import { cachedEvents } from '../support/cached-events.js';
import { runChild, type ChildResult } from '../support/run-child.js';
import { scratch } from '../support/scratch.js';
import { withScratchSchema } from '../support/with-scratch-schema.js';
import { loadPostgresEvents } from './load-postgres-events.js';

/**
 * Rebuild from zero of the six seed read models (embedded SQLite read models) reading `$all`
 * from the PostgreSQL event store, beside the same rebuild reading the embedded event store, in
 * the same run: the same events (BENCH_POSTGRES_EVENTS, default 100,000), copied into a fresh
 * schema first (not timed) and dropped after. Each rebuild runs in a process of its own.
 */
export async function postgresRebuildBenchmark(): Promise<void> {
  const url = process.env.POSTGRES_URL;
  if (!url) {
    console.log('\nRebuild reading $all from PostgreSQL: skipped, POSTGRES_URL is not set');
    return;
  }
  const total = Number(process.env.BENCH_POSTGRES_EVENTS ?? 100_000);
  const events = await cachedEvents(total);
  const dir = scratch('postgres-rebuild');
  const [embedded, postgres] = await withScratchSchema(url, 'pj_bench_rebuild', async (schema) => {
    const started = performance.now();
    const copied = await loadPostgresEvents(events, url, schema);
    console.log(`copied ${copied.toLocaleString('en-US')} events into PostgreSQL schema ${schema} in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`);
    const fromSqlite = runChild('rebuild/projectionist-rebuild.ts', [events, join(dir, 'from-sqlite.db')]);
    const fromPostgres = runChild('rebuild/projectionist-rebuild.ts', [events, join(dir, 'from-postgres.db')], { EVENT_STORE: 'postgres', POSTGRES_URL: url, POSTGRES_SCHEMA: schema });
    return [fromSqlite, fromPostgres];
  });
  const row = (label: string, result: ChildResult, note = '') => ({
    label,
    perSecond: result.eventsPerSecond,
    unit: 'events/s',
    note: `${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s, peak RSS ${result.maxRssMb} MB${note ? `; ${note}` : ''}`,
  });
  printTable('Rebuild from zero into the six seed read models (embedded SQLite read models), by event store', [
    row('projectionist reading $all from PostgreSQL', postgres, `${ratio(postgres.eventsPerSecond, embedded.eventsPerSecond)} reading the embedded store`),
    row('projectionist reading $all from embedded SQLite', embedded),
  ]);
}
