import { runPlatform } from './cli/run-platform.js';
import { startFailure } from './cli/start-failure.js';
import { loadConfig } from './composition/load-config.js';

/**
 * `npm start`: the whole platform in one process (API, projection workers, embedded engine).
 * A start that fails (a bad setting, a busy port) prints one line and exits 1.
 */
Promise.resolve()
  .then(() => runPlatform(loadConfig(), { api: true, workers: true }))
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(startFailure(error));
      process.exit(1);
    },
  );
