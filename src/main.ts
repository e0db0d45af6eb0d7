import { ConfigError, loadConfig } from './composition/load-config.js';
import { runPlatform } from './cli/run-platform.js';

/** `npm start`: the whole platform in one process (API, projection workers, embedded engine). */
runPlatform(loadConfig(), { api: true, workers: true }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
