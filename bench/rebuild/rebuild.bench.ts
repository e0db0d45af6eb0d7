import { join } from 'node:path';
import { printTable, ratio } from '../support/report.js';
import { cachedEvents } from '../support/cached-events.js';
import { runChild, type ChildResult } from '../support/run-child.js';
import { scratch } from '../support/scratch.js';
import { verifyBareReadModels } from './verify-bare-read-models.js';

const RSS_TARGET_MB = 300;

/**
 * Rebuild from zero: the seed's events (BENCH_REBUILD_EVENTS, default 1,000,000) rebuilt into
 * all six read models on the embedded engine, beside two limits measured in the same run, both
 * with the platform's driver, pragmas and catch-up batch size: (a) the bare read-parse-upsert
 * loop (one row per read model that handles the event, nothing computed), and (b) a bare loop
 * that builds the real six read models by hand (the same documents, indexes, FTS5 rows and
 * checkpoints, checked against the platform's after the runs); and Emmett's SQLite projections
 * (on BENCH_EMMETT_EVENTS, default 100,000: it runs at about 1,300 events/s, so a million would
 * take a quarter of an hour). Each contender runs in a process of its own, so that its peak RSS
 * is its own.
 */
export async function rebuildBenchmark(): Promise<void> {
  const total = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
  const emmettTotal = Number(process.env.BENCH_EMMETT_EVENTS ?? Math.min(total, 100_000));
  const events = await cachedEvents(total);
  const dir = scratch('rebuild');
  const ours = runChild('rebuild/projectionist-rebuild.ts', [events, join(dir, 'read-models.db')]);
  const bare = runChild('rebuild/bare-rebuild.ts', [events, join(dir, 'bare.db')]);
  const byHand = runChild('rebuild/bare-read-models.ts', [events, join(dir, 'bare-read-models.db')]);
  console.log(`limit (b) verified against the platform's read models: ${verifyBareReadModels(join(dir, 'read-models.db'), join(dir, 'bare-read-models.db'))}`);
  const emmett = runChild('rebuild/emmett-rebuild.ts', [join(dir, 'emmett'), String(emmettTotal)]);
  const row = (label: string, result: ChildResult, note = '') => ({
    label,
    perSecond: result.eventsPerSecond,
    unit: 'events/s',
    note: `${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s, peak RSS ${result.maxRssMb} MB${note ? `; ${note}` : ''}`,
  });
  const versus = (limit: ChildResult) => ratio(ours.eventsPerSecond, limit.eventsPerSecond);
  printTable('Rebuild from zero into the six seed read models (embedded SQLite)', [
    row(
      'projectionist',
      ours,
      `${versus(bare)} limit (a) (target 0.5x), ${versus(byHand)} limit (b), ${ratio(ours.eventsPerSecond, emmett.eventsPerSecond)} Emmett (target 10x), ` +
        `RSS ${ours.maxRssMb <= RSS_TARGET_MB ? 'within' : 'OVER'} ${RSS_TARGET_MB} MB`,
    ),
    row('(a) bare read-parse-upsert', bare, `${ratio(bare.eventsPerSecond, byHand.eventsPerSecond)} limit (b)`),
    row('(b) bare loop, the six read models by hand', byHand, 'same documents, indexes, FTS5 rows and checkpoints'),
    row('Emmett SQLite projections', emmett, emmett.notes ?? ''),
  ]);
}
