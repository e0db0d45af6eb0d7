/**
 * A worker process for the crash test: runs every seed projection on a data directory until
 * killed, on the read-model engines its environment selects. With `--rebuild <projection>` it
 * first asks for a blue/green rebuild, and prints the generation that rebuilds it (`{"rebuilding":
 * "<projection>#<n>"}`, also when one was already under way). It prints one JSON line per
 * registry change (which generations are live), `{"standby":n,"writing":m}` whenever the count of
 * generations and partitions it writes or stands by for changes, and `{"idle":true}` whenever
 * every projection has caught up. Under PROJECTIONIST_FAULTS it dies at the points named there (see faultPoint).
 *   node --import tsx test/runtime/children/worker-child.ts <dataDir> [--rebuild <projection>]
 */
import { compose } from '../../../src/composition/compose.js';
import { loadConfig } from '../../../src/composition/load-config.js';
import { RebuildInProgressError } from '../../../src/core/ports/read-model-errors.js';

const [dataDir, flag, rebuild] = process.argv.slice(2);
const platform = await compose(
  loadConfig({ ...process.env, DATA_DIR: dataDir, PROJECTIONS_BATCH_SIZE: '20', PROJECTIONS_CATCH_UP_BATCH_SIZE: '20', PROJECTIONS_RETIRE_AFTER_MS: '0', PROJECTIONS_LEASE_MS: process.env.PROJECTIONS_LEASE_MS ?? '1000', SQLITE_CONSUMER_TIMEOUT_MS: '500', SQLITE_SYNCHRONOUS: 'normal' }),
);
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
platform.registry.onChange(() => {
  void platform.registry.list().then((records) => say({ live: records.filter((r) => r.state === 'live').map((r) => `${r.projection}#${r.generation}`) }));
});
await platform.start();
if (flag === '--rebuild' && rebuild) {
  const generation = await platform.workers!.rebuild(rebuild).then(
    (record) => record.generation,
    (error: unknown) => {
      if (!(error instanceof RebuildInProgressError)) throw error;
      return error.generation;
    },
  );
  say({ rebuilding: `${rebuild}#${generation}` });
}
say({ started: true });
let standby = -1;
let written = -1;
for (;;) {
  const statuses = await platform.generations.statuses();
  if (statuses.every((s) => s.registryState === 'live' && s.lag.events === 0)) say({ idle: true });
  // What is written, and stood by for, is a generation or one partition of it.
  const parts: { readonly state: string }[] = statuses.flatMap((s): readonly { readonly state: string }[] => s.partitions ?? [s]);
  const waiting = parts.filter((s) => s.state === 'standby').length;
  const writing = parts.filter((s) => s.state === 'live' || s.state === 'catching_up' || s.state === 'rebuilding').length;
  if (waiting !== standby || writing !== written) say({ standby: (standby = waiting), writing: (written = writing) });
  await new Promise((resolve) => setTimeout(resolve, 50));
}
