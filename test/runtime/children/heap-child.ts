/**
 * Composes the platform as a worker process does (on the environment's configuration, in a
 * scratch data directory), then keeps 30 MB live while it makes garbage fast, as a rebuild does,
 * and prints the largest its heap grew: `{"peakMb":n}`.
 *   node --import tsx test/runtime/children/heap-child.ts <dataDir>
 */
import { getHeapStatistics } from 'node:v8';
import { compose } from '../../../src/composition/compose.js';
import { loadConfig } from '../../../src/composition/load-config.js';

const [dataDir] = process.argv.slice(2);
const platform = await compose(loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), { workers: 'here' }, []);
const kept: object[] = Array.from({ length: 300_000 }, (_, n) => ({ id: `kept-${n}`, n }));
let peak = 0;
let recent: object[] = [];
for (let round = 0; round < 400; round += 1) {
  recent = Array.from({ length: 20_000 }, (_, n) => ({ id: `made-${round}-${n}`, values: [n, round, n * 2] }));
  peak = Math.max(peak, getHeapStatistics().total_heap_size);
}
await platform.close();
process.stdout.write(`${JSON.stringify({ peakMb: Math.round(peak / 1_048_576), live: kept.length + recent.length })}\n`);
