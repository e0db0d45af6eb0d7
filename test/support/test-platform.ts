import { compose, type Platform, type Roles } from '../../src/composition/compose.js';
import { loadConfig } from '../../src/composition/load-config.js';
import type { Projection } from '../../src/core/projections/projection.js';
import type { Logger } from 'pino';
import { basename } from 'node:path';
import { scratchDirectory } from './scratch-directory.js';

/** config/test.json: test-friendly timings and relaxed durability. */
export const TEST_CONFIG_FILE = new URL('../../config/test.json', import.meta.url).pathname;

/**
 * A whole platform on the embedded engine (unless `env` selects others), in a fresh directory, with config/test.json.
 * Its logs are off unless LOG_LEVEL says otherwise, or `log` takes them (a test reading its lines).
 */
export async function testPlatform(
  options: { projections?: readonly Projection[]; env?: NodeJS.ProcessEnv; roles?: Roles; dataDir?: string; log?: Logger } = {},
): Promise<Platform & { dataDir: string }> {
  const dataDir = options.dataDir ?? scratchDirectory('projectionist-platform-');
  const config = loadConfig({
    CONFIG_FILE: TEST_CONFIG_FILE,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ELASTICSEARCH_PREFIX: `pjtest-${basename(dataDir).toLowerCase().replace(/[^a-z0-9]/g, '')}-`,
    ...options.env,
  });
  const platform = await compose(config, options.roles ?? { workers: 'here' }, options.projections, options.log ? { log: options.log } : {});
  return Object.assign(platform, { dataDir });
}
