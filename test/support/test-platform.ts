import { compose, type Platform, type Roles } from '../../src/composition/compose.js';
import { loadConfig } from '../../src/composition/load-config.js';
import type { Projection } from '../../src/core/projections/projection.js';
import { basename } from 'node:path';
import { scratchDirectory } from './scratch-directory.js';

/** A whole platform on the embedded engine, in a fresh directory, with test-friendly timings. */
export async function testPlatform(
  options: { projections?: readonly Projection[]; env?: NodeJS.ProcessEnv; roles?: Roles; dataDir?: string } = {},
): Promise<Platform & { dataDir: string }> {
  const dataDir = options.dataDir ?? scratchDirectory('projectionist-platform-');
  const config = loadConfig({
    DATA_DIR: dataDir,
    PROJECTIONS_RETIRE_AFTER_MS: '50',
    SQLITE_SYNCHRONOUS: 'normal',
    ELASTICSEARCH_PREFIX: `pjtest-${basename(dataDir).toLowerCase().replace(/[^a-z0-9]/g, '')}-`,
    ...options.env,
  });
  const platform = await compose(config, options.roles ?? { workers: true }, ...(options.projections ? [options.projections] : []));
  return Object.assign(platform, { dataDir });
}
