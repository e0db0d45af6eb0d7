/**
 * A child process: limit (b), the six real read models built by a bare loop. Reads `$all` once,
 * a catch-up batch at a time, and in one transaction per batch writes what the platform's
 * rebuild writes for the same events: the same documents (`bare-seed-models.ts`), in the same
 * tables with the same indexes, the product search's columns, FTS5 rows and term counts, and a
 * checkpoint row per read model. Same driver, pragmas and batch size as the platform
 * (`platform-tuning.ts`). What it leaves out is the platform's: handlers and their operations,
 * one read of the events per projection, exactly-once guards, commit-count checks, the change
 * log, notifications, retries and parking.
 *   node --single-threaded-gc --import tsx bench/rebuild/bare-read-models.ts <events.db> <out.db>
 */
import { openDatabase } from '../../src/adapters/sqlite/open-database.js';
import { createReadModelSchema } from '../../src/adapters/sqlite/read-models/read-model-schema.js';
import { generationKey } from '../../src/core/projections/generation.js';
import { projections } from '../../projections/index.js';
import { BareSeedModels, generationOf } from './bare-seed-models.js';
import { catchUpBatchSize, EVENTS_DATABASE, READ_MODEL_DATABASE, tunePlatformHeap } from './platform-tuning.js';

interface EventRow {
  readonly position: number;
  readonly type_id: number;
  readonly data: string;
}

tunePlatformHeap();
const [eventsFile, outFile] = process.argv.slice(2);
const batchSize = catchUpBatchSize();
const events = openDatabase(eventsFile!, EVENTS_DATABASE);
const out = openDatabase(outFile!, READ_MODEL_DATABASE);
createReadModelSchema(out);
const models = new BareSeedModels(out);
const keys = projections.map((projection) => generationKey(generationOf(projection)));
const checkpoint = out.prepare(
  `INSERT INTO rm_checkpoints (key, commit_pos, prepare_pos, commits, updated_at) VALUES (?, ?, ?, 1, ?)
   ON CONFLICT (key) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, commits = commits + 1, updated_at = excluded.updated_at`,
);
const typeNames = new Map((events.prepare('SELECT id, name FROM event_types').all() as { id: number; name: string }[]).map(({ id, name }) => [id, name]));
const page = events.prepare('SELECT position, type_id, data FROM events WHERE position > ? ORDER BY position LIMIT ?');
const write = out.transaction((rows: readonly EventRow[]) => {
  for (const row of rows) models.apply(typeNames.get(row.type_id)!, row.data, row.position);
  models.flush();
  const last = rows[rows.length - 1]!.position;
  const now = Date.now();
  for (const key of keys) checkpoint.run(key, last, last, now);
});

const start = performance.now();
let after = 0;
let total = 0;
for (;;) {
  const rows = page.all(after, batchSize) as EventRow[];
  if (rows.length === 0) break;
  write(rows);
  total += rows.length;
  after = rows[rows.length - 1]!.position;
}
const seconds = (performance.now() - start) / 1000;
out.close();
events.close();
console.log(JSON.stringify({ events: total, seconds, eventsPerSecond: Math.round(total / seconds), batchSize, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
