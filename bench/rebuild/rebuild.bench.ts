import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { printTable, ratio } from '../support/report.js';
import { scratch } from '../support/scratch.js';
import { loadEvents } from './load-events.js';

interface ChildResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly maxRssMb: number;
  readonly notes?: string;
}

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
  const ours = child('projectionist-rebuild.ts', [events, join(dir, 'read-models.db')]);
  const bare = child('bare-rebuild.ts', [events, join(dir, 'bare.db')]);
  const emmett = child('emmett-rebuild.ts', [join(dir, 'emmett'), String(emmettTotal)]);
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

/** The workload's events file, kept under ~/.cache between runs: writing a million events takes a minute. */
async function cachedEvents(total: number): Promise<string> {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'projectionist', 'bench');
  const file = join(dir, `events-${total}-v1.db`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    console.log(`writing ${total.toLocaleString('en-US')} events to ${file} (once)`);
    const partial = `${file}.partial`;
    await loadEvents(partial, total);
    renameSync(partial, file);
  }
  return file;
}

function child(script: string, args: string[]): ChildResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', new URL(`./${script}`, import.meta.url).pathname, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`${script} failed with status ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ChildResult;
}
