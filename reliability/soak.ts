/**
 * The soak (`npm run soak`): an API process and worker processes on one fresh data directory,
 * a steady mix of commands through the API, and SIGKILLs of workers at random moments, some
 * aimed at rebuilds and their switches. Afterwards every 202 must have its events in the event
 * store, and every read model must equal a fresh rebuild, document for document.
 *
 *   SOAK_KILLS (200)  SOAK_WORKERS (2)  SOAK_CONCURRENCY (8)  SOAK_RATE (150 commands/s at most)
 *   SOAK_REBUILD_EVERY (3: one kill in three is aimed at a rebuild)  SOAK_SEED (random)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killLoop } from './soak/kill-loop.js';
import { printSoakReport } from './soak/print-soak-report.js';
import { ApiClient } from './support/api-client.js';
import { auditWrites } from './support/audit-writes.js';
import { caughtUp } from './support/caught-up.js';
import { CommandLoad } from './support/command-load.js';
import { CommandMix, DEFAULT_WEIGHTS } from './support/command-mix.js';
import { codeSnapshot } from './support/code-snapshot.js';
import { compareWithRebuild } from './support/compare-with-rebuild.js';
import { EntityPool } from './support/entity-pool.js';
import { envNumber } from './support/env-number.js';
import { freePort } from './support/free-port.js';
import { PlatformProcess } from './support/platform-process.js';
import { ProjectionWatcher } from './support/projection-watcher.js';
import { seededRandom } from './support/seeded-random.js';
import { WorkerFleet } from './support/worker-fleet.js';
import { WriteLog } from './support/write-log.js';

const kills = envNumber('SOAK_KILLS', 200);
const workers = envNumber('SOAK_WORKERS', 2);
const concurrency = envNumber('SOAK_CONCURRENCY', 8);
const rate = envNumber('SOAK_RATE', 150);
const rebuildEvery = envNumber('SOAK_REBUILD_EVERY', 3);
const seed = envNumber('SOAK_SEED', 1 + Math.floor(Math.random() * 2 ** 30));
/** Small batches give a kill more commit boundaries to land between, and rebuilds more time to be hit. */
const catchUpBatchSize = process.env.PROJECTIONS_CATCH_UP_BATCH_SIZE ?? '100';

const started = Date.now();
const runDir = mkdtempSync(join(tmpdir(), 'projectionist-soak-'));
const code = codeSnapshot(join(runDir, 'code'));
const dataDir = join(runDir, 'data');
mkdirSync(dataDir);
const adminToken = randomUUID();
const port = await freePort();
const env = {
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  ADMIN_TOKEN: adminToken,
  PROJECTIONS_BATCH_SIZE: process.env.PROJECTIONS_BATCH_SIZE ?? '50',
  PROJECTIONS_CATCH_UP_BATCH_SIZE: catchUpBatchSize,
  // A killed worker's share of the subscription groups goes to the survivor after 1 s, not 5.
  SQLITE_CONSUMER_TIMEOUT_MS: process.env.SQLITE_CONSUMER_TIMEOUT_MS ?? '1000',
};
console.log(`Soak: ${workers} workers and an API on ${dataDir}, ${concurrency} writers at most ${rate} commands/s, ${kills} kills, seed ${seed}`);

const random = seededRandom(seed);
const fleet = new WorkerFleet(code, env, workers, random);
await fleet.fill();
const server = await PlatformProcess.start(code, 'serve', env, 'api');
const api = new ApiClient(`http://127.0.0.1:${port}`);
const watcher = new ProjectionWatcher(api, 50);
watcher.start();
const log = new WriteLog();
const load = new CommandLoad(api, new CommandMix(new EntityPool(`soak${seed}`, random), { ...DEFAULT_WEIGHTS, repeatLike: 1 }), log, concurrency, rate);
load.start();

const moments = await killLoop(api, fleet, watcher, { kills, rebuildEvery, nearSwitchEvents: 2 * Number(catchUpBatchSize), adminToken, random, broken: () => server.crashed });

console.log('Stopping the load; one worker catches up');
await load.stop();
await fleet.stop();
const last = new WorkerFleet(code, env, 1, random);
await last.fill();
await watcher.until(caughtUp, 10 * 60_000).catch(() => {
  throw new Error(`the projections did not catch up within 10 minutes of the load's end: ${JSON.stringify(watcher.latest)}`);
});
const finalStatuses = watcher.latest;
await watcher.stop();
await last.stop();
await server.kill('SIGTERM');

const audit = await auditWrites(join(dataDir, 'events.db'), log);
const comparison = await compareWithRebuild(dataDir);
const failed = printSoakReport({
  moments,
  switches: watcher.switches,
  log,
  audit,
  comparison,
  crashes: [...fleet.crashes, ...last.crashes, ...(server.crashed ? [server.crashed] : [])],
  parked: finalStatuses.reduce((sum, status) => sum + status.parked, 0),
  seconds: (Date.now() - started) / 1000,
});
if (failed) {
  log.save(join(dataDir, 'writes.jsonl'));
  console.log(`Kept the data (with every answered write in writes.jsonl) and the code that ran: ${runDir}`);
} else rmSync(runDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
