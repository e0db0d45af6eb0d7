/**
 * One worker process of the scale-out benchmark: composes the platform on a data directory
 * (events already there), says `{"ready":true}`, starts its workers on the first line of stdin,
 * and says `{"idle":true,"seconds":…}` once every projection it serves is live and caught up
 * (in every process: the registry and the checkpoints are shared).
 *   node --import tsx bench/scale-out/scale-out-worker.ts <dataDir> [<projection>...]
 */
import { createInterface } from 'node:readline';
import { compose } from '../../src/composition/compose.js';
import { loadConfig } from '../../src/composition/load-config.js';
import { projections as seed } from '../../projections/index.js';

const [dataDir, ...names] = process.argv.slice(2);
const projections = names.length > 0 ? seed.filter((projection) => names.includes(projection.name)) : seed;
const platform = await compose(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { workers: 'here' }, projections);
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
say({ ready: true });
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
// Closed, or stdin would keep this process alive after its platform closes.
input.close();
const started = performance.now();
await platform.start();
for (;;) {
  const statuses = await platform.generations.statuses();
  if (statuses.length === projections.length && statuses.every((s) => s.registryState === 'live' && s.lag.events === 0)) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
say({ idle: true, seconds: (performance.now() - started) / 1000, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
await platform.close();
process.exit(0);
