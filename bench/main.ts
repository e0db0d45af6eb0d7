import { commandsBenchmark } from './commands/commands.bench.js';
import { likesBenchmark } from './commands/likes.bench.js';
import { deliveryBenchmark } from './delivery/delivery.bench.js';
import { enginesBenchmark } from './engines/engines.bench.js';
import { latencyDuringRebuildBenchmark } from './http/latency-during-rebuild.bench.js';
import { postgresCommandsBenchmark } from './commands/postgres-commands.bench.js';
import { queriesBenchmark } from './http/queries.bench.js';
import { readYourWritesBenchmark } from './http/read-your-writes.bench.js';
import { postgresRebuildBenchmark } from './rebuild/postgres-rebuild.bench.js';
import { rebuildBenchmark } from './rebuild/rebuild.bench.js';
import { scaleOutBenchmark } from './scale-out/scale-out.bench.js';
import { searchBenchmark } from './search/search.bench.js';

/**
 * `npm run bench [-- <name>...]`: runs the benchmarks named (all by default). Every figure is
 * printed beside its reference, measured in the same run, because these machines are shared.
 * BENCH_SECONDS sets how long each timed run lasts (default 5).
 */
const BENCHMARKS: Record<string, (durationMs: number) => Promise<void>> = {
  commands: commandsBenchmark,
  likes: likesBenchmark,
  'postgres-commands': postgresCommandsBenchmark,
  delivery: deliveryBenchmark,
  rebuild: rebuildBenchmark,
  'postgres-rebuild': postgresRebuildBenchmark,
  'read-your-writes': readYourWritesBenchmark,
  queries: queriesBenchmark,
  'latency-during-rebuild': latencyDuringRebuildBenchmark,
  engines: enginesBenchmark,
  search: searchBenchmark,
  'scale-out': scaleOutBenchmark,
};

const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const durationMs = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores; each timed run lasts ${durationMs / 1000} s`);
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) await BENCHMARKS[name]!(durationMs);
