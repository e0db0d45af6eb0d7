/**
 * A child process: rebuilds the seed's read models (all, or those named) from zero over an
 * existing events file into fresh read models, and prints `{ events, seconds, eventsPerSecond,
 * maxRssMb }`. The platform's default configuration but for the files, and whatever the
 * environment selects (READ_MODELS_DOCUMENTS=mongodb, READ_MODELS_SEARCH=elasticsearch, ...).
 *   node --single-threaded-gc --import tsx bench/rebuild/projectionist-rebuild.ts <events.db> <read-models.db> [Projection,...]
 */
import { compose } from '../../src/composition/compose.js';
import { loadConfig } from '../../src/composition/load-config.js';
import { filterFor } from '../../src/core/projections/event-filter.js';
import { comparePositions, type Position } from '../../src/core/position.js';
import { projections } from '../../projections/index.js';

const [eventsFile, readModelsFile, only] = process.argv.slice(2);
const chosen = only ? projections.filter((p) => only.split(',').includes(p.name)) : projections;
const platform = await compose(
  loadConfig({ LOG_LEVEL: 'warn', ...process.env, SQLITE_EVENTS_FILE: eventsFile, SQLITE_READ_MODELS_FILE: readModelsFile, DATA_DIR: '/nonexistent' }),
  { workers: 'here' },
  chosen,
);
const targets = new Map<string, Position>();
for (const projection of platform.projections) {
  const [last] = await platform.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: filterFor(projection) });
  if (last) targets.set(projection.name, last.position);
}
const total = await platform.eventStore.countEvents({ limit: Number.MAX_SAFE_INTEGER });
const handled = await platform.eventStore.countEvents({ filter: filterFor({ ...chosen[0]!, handlers: Object.assign({}, ...chosen.map((p) => p.handlers)) }), limit: Number.MAX_SAFE_INTEGER });
// Every part of a partitioned projection must reach its last event: each has its own checkpoint.
const partKey = (name: string, partition: number | undefined) => (partition === undefined ? name : `${name}.p${partition}`);
const done = new Promise<void>((resolve) => {
  const remaining = new Set(platform.projections.filter((p) => targets.has(p.name)).flatMap((p) => (p.partitions ?? 1) > 1 ? Array.from({ length: p.partitions! }, (_, i) => partKey(p.name, i)) : [p.name]));
  platform.notifier.subscribe((change) => {
    const target = targets.get(change.projection);
    if (target && comparePositions(change.position, target) >= 0) remaining.delete(partKey(change.projection, change.partition));
    if (remaining.size === 0) resolve();
  });
});
const start = performance.now();
await platform.start();
await done;
const seconds = (performance.now() - start) / 1000;
await platform.close();
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ events: total, handled, seconds, eventsPerSecond: Math.round(total / seconds), maxRssMb }));
