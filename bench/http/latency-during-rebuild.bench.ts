import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { projections } from '../../projections/index.js';
import { generationKey, partsOf } from '../../src/core/projections/generation.js';
import { cachedEvents } from '../support/cached-events.js';
import { scratch } from '../support/scratch.js';
import { ServerProcess } from './server-process.js';

const ADMIN_TOKEN = 'bench-admin-token';
/** One request to each endpoint every this many milliseconds, whether or not the last came back. */
const INTERVAL_MS = 10;

interface Latencies {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly count: number;
  /** Requests that failed (the connection refused or timed out): a held loop for 10 s and more. */
  readonly failed: number;
}

/**
 * The API while every projection rebuilds from zero on a million events: `GET /health` and
 * `GET /api/products/:id` at a steady rate, beside the same with nothing to rebuild. Latency is
 * counted from when a request was due, not when it left, so a held event loop shows in full.
 * With the workers in their projection thread (as `npm start` runs them), and on the API's own
 * thread (PROJECTIONS_THREAD=false, as before) for reference. Targets: max under 100 ms, p99
 * under twice the idle p99. BENCH_LATENCY_EVENTS sets the size (default 1,000,000).
 */
export async function latencyDuringRebuildBenchmark(durationMs: number): Promise<void> {
  const total = Number(process.env.BENCH_LATENCY_EVENTS ?? 1_000_000);
  const dataDir = scratch('latency');
  copyFileSync(await cachedEvents(total), join(dataDir, 'events.db'));
  const endpoints = ['/health', `/api/products/${firstProduct(dataDir)}`];
  const heads = lastEventOfEach(dataDir);
  console.log(`\nAPI latency during a rebuild of all ${projections.length} projections on ${total.toLocaleString('en-US')} events (ms, from when each request was due)`);
  for (const [label, thread] of [['projection thread', 'true'], ['API thread', 'false']] as const) {
    const server = await ServerProcess.start('projectionist', dataDir, { ADMIN_TOKEN, PROJECTIONS_THREAD: thread });
    const caughtUp = performance.now();
    await untilAllLive(dataDir, 1, heads);
    if (performance.now() - caughtUp > 1_000) console.log(`  (first catch-up took ${((performance.now() - caughtUp) / 1000).toFixed(1)} s)`);
    await measure(server.url, endpoints, () => sleepMs(1_000));
    const idle = await measure(server.url, endpoints, () => sleepMs(durationMs));
    const generations = await Promise.all(projections.map((projection) => rebuild(server.url, projection.name)));
    const started = performance.now();
    const during = await measure(server.url, endpoints, () => untilAllLive(dataDir, Math.min(...generations), heads));
    const seconds = (performance.now() - started) / 1000;
    await server.stop();
    const met = during.failed === 0 && during.max < 100 && during.p99 < 2 * idle.p99 ? 'met' : 'not met';
    console.log(`  workers on the ${label}: rebuild took ${seconds.toFixed(1)} s`);
    console.log(`    idle            ${format(idle)}`);
    console.log(`    during rebuild  ${format(during)}   p99 ${(during.p99 / idle.p99).toFixed(2)}x idle  (target: max < 100 ms, p99 < 2x idle: ${met})`);
  }
}

/** Sends the endpoints' requests on schedule until `until` settles; the latencies of all of them. */
async function measure(url: string, endpoints: readonly string[], until: () => Promise<void>): Promise<Latencies> {
  const latencies: number[] = [];
  let failed = 0;
  const pending: Promise<void>[] = [];
  let running = true;
  const done = until().finally(() => (running = false));
  const start = performance.now();
  for (let tick = 0; running; tick += 1) {
    const due = start + tick * INTERVAL_MS;
    for (const path of endpoints) {
      pending.push(
        fetch(`${url}${path}`).then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
          latencies.push(performance.now() - due);
        }).catch(() => {
          failed += 1;
        }),
      );
    }
    await sleepMs(Math.max(0, start + (tick + 1) * INTERVAL_MS - performance.now()));
  }
  await done;
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  if (latencies.length === 0) return { p50: NaN, p99: NaN, max: NaN, count: 0, failed };
  return { p50: at(0.5), p99: at(0.99), max: at(1), count: latencies.length, failed };
}

async function rebuild(url: string, name: string): Promise<number> {
  const response = await fetch(`${url}/api/projections/${name}/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (response.status !== 202) throw new Error(`rebuild ${name}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { generation: number }).generation;
}

/**
 * Waits until every projection's live generation is at least `generation`, reading the registry
 * from the file: asking the API would add its own work to what is measured.
 */
async function untilAllLive(dataDir: string, generation: number, heads: ReadonlyMap<string, number>): Promise<void> {
  for (;;) {
    const db = new Database(join(dataDir, 'read-models.db'), { readonly: true, fileMustExist: true });
    try {
      const live = db.prepare(`SELECT count(*) FROM rm_generations WHERE state = 'live' AND generation >= ?`).pluck().get(generation) as number;
      if (live === projections.length && (generation > 1 || caughtUp(db, heads))) return;
    } finally {
      db.close();
    }
    await sleepMs(250);
  }
}

/** The position of the last event each projection handles (nothing is appended while the benchmark runs). */
function lastEventOfEach(dataDir: string): Map<string, number> {
  const events = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    return new Map(
      projections.map((projection) => {
        const types = Object.keys(projection.handlers);
        const sql = `SELECT max(e.position) FROM events e JOIN event_types t ON t.id = e.type_id WHERE t.name IN (${types.map(() => '?').join(', ')})`;
        return [projection.name, (events.prepare(sql).pluck().get(...types) as number | null) ?? 0];
      }),
    );
  } finally {
    events.close();
  }
}

/** Every live generation's checkpoint (each partition's, for a partitioned projection) is at the last event of its projection's types. */
function caughtUp(readModels: Database.Database, heads: ReadonlyMap<string, number>): boolean {
  const liveGeneration = readModels.prepare(`SELECT generation FROM rm_generations WHERE state = 'live' AND projection = ?`).pluck();
  const checkpoint = readModels.prepare('SELECT commit_pos FROM rm_checkpoints WHERE key = ?').pluck();
  return projections.every((projection) => {
    const generation = liveGeneration.get(projection.name) as number | undefined;
    if (generation === undefined) return false;
    return partsOf({ projection, generation }).every((part) => ((checkpoint.get(generationKey(part)) as number | undefined) ?? 0) >= heads.get(projection.name)!);
  });
}

function firstProduct(dataDir: string): string {
  const events = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const sql = `SELECT json_extract(e.data, '$.productId') FROM events e JOIN event_types t ON t.id = e.type_id WHERE t.name = 'ProductCreated' ORDER BY e.position LIMIT 1`;
    return events.prepare(sql).pluck().get() as string;
  } finally {
    events.close();
  }
}

function format(l: Latencies): string {
  const failed = l.failed > 0 ? `, ${l.failed.toLocaleString('en-US')} failed` : '';
  return `p50 ${l.p50.toFixed(2)}  p99 ${l.p99.toFixed(2)}  max ${l.max.toFixed(2)}  (${l.count.toLocaleString('en-US')} answered${failed})`;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
