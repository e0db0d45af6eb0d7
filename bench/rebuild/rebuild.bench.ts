import { join } from 'node:path';
import { printTable, ratio } from '../support/report.js';
import { cachedEvents } from '../support/cached-events.js';
import { runChild, type ChildResult } from '../support/run-child.js';
import { scratch } from '../support/scratch.js';

const RSS_TARGET_MB = 300;

/**
 * Rebuild from zero: the seed's events (BENCH_REBUILD_EVENTS, default 1,000,000) rebuilt into
 * all six read models on the embedded engine, beside the bare-SQLite limit (read, parse, upsert
 * the same rows) and Emmett's SQLite projections (on BENCH_EMMETT_EVENTS, default 100,000: it
 * runs at about 1,300 events/s, so a million would take a quarter of an hour). Each contender
 * runs in a process of its own, so that its peak RSS is its own.
 */
export async function rebuildBenchmark(): Promise<void> {
  const total = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
  const emmettTotal = Number(process.env.BENCH_EMMETT_EVENTS ?? Math.min(total, 100_000));
  const events = await cachedEvents(total);
  const dir = scratch('rebuild');
  const ours = runChild('rebuild/projectionist-rebuild.ts', [events, join(dir, 'read-models.db')]);
  const bare = runChild('rebuild/bare-rebuild.ts', [events, join(dir, 'bare.db')]);
  const emmett = runChild('rebuild/emmett-rebuild.ts', [join(dir, 'emmett'), String(emmettTotal)]);
  const row = (label: string, result: ChildResult, note = '') => ({
    label,
    perSecond: result.eventsPerSecond,
    unit: 'events/s',
    note: `${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s, peak RSS ${result.maxRssMb} MB${note ? `; ${note}` : ''}`,
  });
  printTable('Rebuild from zero into the six seed read models (embedded SQLite)', [
    row('projectionist', ours, `${ratio(ours.eventsPerSecond, bare.eventsPerSecond)} the limit (target 0.5x), ${ratio(ours.eventsPerSecond, emmett.eventsPerSecond)} Emmett (target 10x), RSS ${ours.maxRssMb <= RSS_TARGET_MB ? 'within' : 'OVER'} ${RSS_TARGET_MB} MB`),
    row('bare SQLite read-parse-upsert', bare),
    row('Emmett SQLite projections', emmett, emmett.notes ?? ''),
  ]);
}
