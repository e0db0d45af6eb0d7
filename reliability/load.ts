/**
 * The load run (`npm run load`): the whole platform as `projectionist start` runs it (API and
 * workers in one process, the embedded engine, default settings) in a process of its own,
 * under 70% reads that wait for a recent write and 30% commands. Afterwards every 202 must
 * have its events in the event store, and every read model must equal a fresh rebuild.
 *
 *   LOAD_SECONDS (60)  LOAD_CONCURRENCY (64)  LOAD_READ_SHARE (0.7)  LOAD_WARMUP_SECONDS (5)  LOAD_SEED (random)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mixedLoad } from './load/mixed-load.js';
import { printLoadReport } from './load/print-load-report.js';
import { ApiClient } from './support/api-client.js';
import { auditWrites } from './support/audit-writes.js';
import { caughtUp } from './support/caught-up.js';
import { CommandMix } from './support/command-mix.js';
import { codeSnapshot } from './support/code-snapshot.js';
import { compareWithRebuild } from './support/compare-with-rebuild.js';
import { EntityPool } from './support/entity-pool.js';
import { envNumber } from './support/env-number.js';
import { freePort } from './support/free-port.js';
import { PlatformProcess } from './support/platform-process.js';
import { ProjectionWatcher } from './support/projection-watcher.js';
import { seededRandom } from './support/seeded-random.js';
import { WriteLog } from './support/write-log.js';

const seconds = envNumber('LOAD_SECONDS', 60);
const concurrency = envNumber('LOAD_CONCURRENCY', 64);
const readShare = envNumber('LOAD_READ_SHARE', 0.7);
const warmUpSeconds = envNumber('LOAD_WARMUP_SECONDS', 5);
const seed = envNumber('LOAD_SEED', 1 + Math.floor(Math.random() * 2 ** 30));

const runDir = mkdtempSync(join(tmpdir(), 'projectionist-load-'));
const code = codeSnapshot(join(runDir, 'code'));
const dataDir = join(runDir, 'data');
mkdirSync(dataDir);
const port = await freePort();
console.log(`Load: projectionist start on ${dataDir} (API and workers in one process, embedded SQLite, default settings)`);
console.log(`      ${concurrency} connections, ${Math.round(readShare * 100)}% reads with a token and wait=true, the rest commands; ${seconds} s after a ${warmUpSeconds} s warm-up; seed ${seed}`);
const server = await PlatformProcess.start(code, 'start', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, 'platform');
const api = new ApiClient(`http://127.0.0.1:${port}`);
const log = new WriteLog();
const mix = new CommandMix(new EntityPool(`load${seed}`, seededRandom(seed)));

const warmUp = await mixedLoad(api, mix, log, { concurrency, seconds: warmUpSeconds, readShare });
const watcher = new ProjectionWatcher(api, 1_000);
watcher.start();
const run = await mixedLoad(api, mix, log, { concurrency, seconds, readShare });
await watcher.until(caughtUp, 5 * 60_000).catch(() => {
  throw new Error(`the projections did not catch up within 5 minutes of the load's end: ${JSON.stringify(watcher.latest)}`);
});
await watcher.stop();
const crash = server.crashed;
await server.kill('SIGTERM');

const audit = await auditWrites(join(dataDir, 'events.db'), log);
const comparison = await compareWithRebuild(dataDir);
const failed = printLoadReport(warmUp, run, watcher, audit, comparison) || crash !== undefined;
if (crash) console.log(`  ! ${crash}`);
if (failed) {
  log.save(join(dataDir, 'writes.jsonl'));
  console.log(`Kept the data (with every answered write in writes.jsonl) and the code that ran: ${runDir}`);
} else rmSync(runDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
