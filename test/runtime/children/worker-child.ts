/**
 * A worker process for the crash test: runs every seed projection on a data directory until
 * killed, on the read-model engines its environment selects. With `--rebuild <projection>` it
 * first asks for a blue/green rebuild. It prints one
 * JSON line per registry change (which generations are live) and `{"idle":true}` whenever every
 * projection has caught up.
 *   node --import tsx test/runtime/children/worker-child.ts <dataDir> [--rebuild <projection>]
 */
import { compose } from '../../../src/composition/compose.js';
import { loadConfig } from '../../../src/composition/load-config.js';
import { RebuildInProgressError } from '../../../src/core/ports/read-model-errors.js';

const [dataDir, flag, rebuild] = process.argv.slice(2);
const platform = await compose(
  loadConfig({ ...process.env, DATA_DIR: dataDir, PROJECTIONS_BATCH_SIZE: '20', PROJECTIONS_CATCH_UP_BATCH_SIZE: '20', PROJECTIONS_RETIRE_AFTER_MS: '0', SQLITE_CONSUMER_TIMEOUT_MS: '500', SQLITE_SYNCHRONOUS: 'normal' }),
);
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
platform.registry.onChange(() => {
  void platform.registry.list().then((records) => say({ live: records.filter((r) => r.state === 'live').map((r) => `${r.projection}#${r.generation}`) }));
});
await platform.start();
if (flag === '--rebuild' && rebuild) {
  await platform.workers!.rebuild(rebuild).catch((error: unknown) => {
    if (!(error instanceof RebuildInProgressError)) throw error;
  });
}
say({ started: true });
for (;;) {
  const statuses = await platform.generations.statuses();
  if (statuses.every((s) => s.registryState === 'live' && s.lag.events === 0)) say({ idle: true });
  await new Promise((resolve) => setTimeout(resolve, 50));
}
