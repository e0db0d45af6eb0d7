/**
 * The peer of the rebuild benchmark: Emmett's SQLite projections (@event-driven-io/emmett-sqlite
 * 0.38.5), rebuilding our six read models from the same workload, with the documents our
 * projections define (`emmett-projection.ts` runs our handlers).
 *
 *   node --import tsx bench/rebuild/emmett-rebuild.ts <dir> <eventCount>
 *
 * Untimed, in a child process (`emmett-load.ts`, so that its memory is not counted): the events
 * go into a fresh Emmett store. Timed: Emmett's consumer, with one processor per projection,
 * from the beginning until every processor stopped after the last event. Untimed again
 * (`emmett-verify.ts`): every document is compared with what our read models hold for the same
 * events. Prints one JSON line on stdout; everything else goes to stderr.
 *
 * EMMETT_BATCH_SIZE and EMMETT_PULL_MS set the consumer's pulling (Emmett's defaults are 100
 * messages and 50 ms, which cap it at 2,000 events/s whatever the work).
 *
 * Seen in 0.38.5, and left as it is: each processor runs a checkpoint UPDATE per event, but the
 * stored checkpoints stop advancing after the first batch (emt_subscriptions holds the first
 * batch's last position at the end of a run). A restart would replay; a rebuild from the
 * beginning, measured here, is not affected.
 */
import type { Event, ReadEvent } from '@event-driven-io/emmett';
import { getSQLiteEventStore, sqliteConnection, type SQLiteReadEventMetadata } from '@event-driven-io/emmett-sqlite';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projections } from '../../projections/index.js';
import { emmettProjection, type SQLiteProjection } from './emmett-projection.js';
import { emmettTables } from './emmett-tables.js';
import { verifyEmmettDocuments } from './emmett-verify.js';

// Emmett logs failed transactions with console.log: stdout is kept for the result line.
console.log = console.error;
console.info = console.error;

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_PULL_MS = 0;

/**
 * Emmett's consumer swallows a processor's failure (Promise.allSettled): every handler error is
 * kept here, so that a run that lost work fails instead of looking fast.
 */
const failures: unknown[] = [];
function guarded(definition: SQLiteProjection): SQLiteProjection {
  return {
    ...definition,
    handle: async (events, context) => {
      try {
        return await definition.handle(events, context);
      } catch (error) {
        failures.push(error);
        throw error;
      }
    },
  };
}

interface Rebuilt {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly batchSize: number;
  readonly pullMs: number;
}

async function rebuild(fileName: string, lastPosition: bigint): Promise<Rebuilt> {
  const setup = sqliteConnection({ fileName });
  for (const projection of projections) for (const statement of emmettTables(projection).ddl) await setup.command(statement);
  setup.close();

  const batchSize = Number(process.env.EMMETT_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
  const pullMs = Number(process.env.EMMETT_PULL_MS ?? DEFAULT_PULL_MS);
  const store = getSQLiteEventStore({ fileName });
  const consumer = store.consumer({ pulling: { batchSize, pullingFrequencyInMs: pullMs } });
  const stopAfter = (message: ReadEvent<Event, SQLiteReadEventMetadata>) => message.metadata.globalPosition === lastPosition;
  for (const projection of projections) {
    consumer.processor({ processorId: `projection:${projection.name}`, projection: guarded(emmettProjection(projection)), startFrom: 'BEGINNING', stopAfter });
  }

  const started = performance.now();
  // Resolves when the pulling loop ends: here, when every processor stopped after the last event.
  await consumer.start();
  const seconds = (performance.now() - started) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const active = consumer.processors.filter((p) => p.isActive).map((p) => p.id);
  await consumer.close();
  if (failures.length > 0) throw new Error(`${failures.length} projection handler call(s) failed; first: ${String(failures[0])}`);
  if (active.length > 0) throw new Error(`processors still active after the consumer stopped: ${active.join(', ')}`);
  return { seconds, maxRssMb, batchSize, pullMs };
}

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!dir || !Number.isInteger(count) || count <= 0) {
  console.error('usage: node --import tsx bench/rebuild/emmett-rebuild.ts <dir> <eventCount>');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
for (const file of ['emmett-rebuild.db', 'check-emmett.db', 'check-loader.db']) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, file + suffix), { force: true });
}

const fileName = join(dir, 'emmett-rebuild.db');
const loader = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('emmett-load.ts', import.meta.url)), fileName, String(count)], {
  stdio: ['ignore', 2, 2],
});
if (loader.status !== 0) throw new Error(`loading failed (${loader.status ?? loader.signal})`);

const result = await rebuild(fileName, BigInt(count));
const eventsPerSecond = count / result.seconds;
console.error(`rebuilt ${projections.length} projections over ${count} events in ${result.seconds.toFixed(2)} s (${Math.round(eventsPerSecond)} events/s), max RSS ${result.maxRssMb.toFixed(0)} MB`);
console.error(`verified every document: ${await verifyEmmettDocuments(fileName, count)}`);

const notes =
  `Emmett 0.38.5 SQLite consumer (sqlite3 driver, WAL, default synchronous) with ${projections.length} projection processors from BEGINNING, ` +
  `pulling batches of ${result.batchSize} every ${result.pullMs} ms (Emmett's defaults: 100 every 50 ms), stopAfter on the last global position; ` +
  `all processors share the consumer's connection and one transaction per batch, handle events one at a time and store a checkpoint per event; ` +
  `documents from our projections' handlers, one SQL statement per operation; ProductSearch is a plain table without full-text index.`;
process.stdout.write(
  `${JSON.stringify({
    events: count,
    seconds: Number(result.seconds.toFixed(3)),
    eventsPerSecond: Math.round(eventsPerSecond),
    maxRssMb: Math.round(result.maxRssMb),
    notes,
  })}\n`,
);
