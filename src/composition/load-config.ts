import convict from 'convict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, type Config, type ConfigShape } from './config-schema.js';
import { projectRoot } from './project-root.js';

/** Configuration that cannot be used; the message names the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads `config/default.json`, then each file in `CONFIG_FILE` (comma-separated, e.g.
 * `config/docker.json`), then the environment, and validates the result strictly: an unknown
 * key or a bad value fails here, before anything starts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = convict<ConfigShape>(configSchema as unknown as convict.Schema<ConfigShape>, { env, args: [] });
  try {
    config.loadFile(join(projectRoot(), 'config', 'default.json'));
    for (const file of (env.CONFIG_FILE ?? '').split(',').map((f) => f.trim()).filter(Boolean)) {
      if (!existsSync(file)) throw new ConfigError(`CONFIG_FILE names ${file}, which does not exist`);
      config.loadFile(file);
    }
    config.validate({ allowed: 'strict' });
    const nice = config.get('projections.threadNice');
    if (nice < 0 || nice > 19) throw new ConfigError(`Invalid configuration: projections.threadNice (PROJECTIONS_THREAD_NICE): must be from 0 to 19, not ${nice}`);
    const growing = config.get('projections.heapGrowingPercent');
    if (growing < 0 || growing > 300) throw new ConfigError(`Invalid configuration: projections.heapGrowingPercent (PROJECTIONS_HEAP_GROWING_PERCENT): must be from 0 to 300, not ${growing}`);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Invalid configuration: ${withEnvNames((error as Error).message)}`);
  }
  return config.getProperties();
}

/** Adds the environment variable to each `key: problem` line, so the fix is obvious. */
function withEnvNames(message: string): string {
  return message.replace(/^([\w.]+): /gm, (line, key: string) => {
    const entry = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], configSchema);
    const env = (entry as { env?: string } | undefined)?.env;
    return env ? `${key} (${env}): ` : line;
  });
}
