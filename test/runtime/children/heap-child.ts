/**
 * Composes the platform as a worker process does (on the environment's configuration, in a
 * scratch data directory), then keeps 30 MB live while it makes garbage fast, each round's
 * objects living a few rounds as a rebuild's pages and batches do, and prints the largest its old
 * generation grew: `{"peakOldMb":n}`.
 *   node --import tsx test/runtime/children/heap-child.ts <dataDir>
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { compose } from '../../../src/composition/compose.js';
import { loadConfig } from '../../../src/composition/load-config.js';

const ROUNDS_ALIVE = 4;
const [dataDir] = process.argv.slice(2);
const platform = await compose(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { workers: 'here' }, []);
const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_size;
const kept: object[] = Array.from({ length: 300_000 }, (_, n) => ({ id: `kept-${n}`, n }));
const recent: object[][] = [];
let peak = 0;
for (let round = 0; round < 400; round += 1) {
  recent.push(Array.from({ length: 20_000 }, (_, n) => ({ id: `made-${round}-${n}`, values: [n, round, n * 2] })));
  if (recent.length > ROUNDS_ALIVE) recent.shift();
  peak = Math.max(peak, oldSpace());
}
await platform.close();
process.stdout.write(`${JSON.stringify({ peakOldMb: Math.round(peak / 1_048_576), live: kept.length + recent.length })}\n`);
