import { compose, type Platform } from '../composition/compose.js';
import type { Config } from '../composition/config-schema.js';
import { ConfigError, loadConfig } from '../composition/load-config.js';
import { UnknownProjectionError } from '../core/generations/unknown-projection-error.js';
import { RebuildInProgressError, UnknownGenerationError } from '../core/ports/read-model-errors.js';
import { createLogger } from '../observability/create-logger.js';
import { secretsOf } from '../observability/secrets-of.js';
import { parkedCommand } from './commands/parked-command.js';
import { rebuildCommand } from './commands/rebuild-command.js';
import { seedDemoCommand } from './commands/seed-demo-command.js';
import { statusCommand } from './commands/status-command.js';
import { seedDemoOptions } from './demo/seed-demo-options.js';
import { parseCommandLine, type CommandLine } from './parse-command-line.js';
import { runPlatform } from './run-platform.js';
import { startFailure } from './start-failure.js';
import { usageOf } from './usage-of.js';
import { UsageError } from './usage-error.js';

/**
 * The command line: runs, rebuilds and inspects projections, and seeds a demo. Resolves to the
 * exit code: 0 done, 1 failed; throws a UsageError (exit 2) when misused, an unknown projection
 * included. A known projection in a state that does not allow the operation (nothing to cancel,
 * nothing live yet) is a failure, 1, with the reason on stderr.
 */
export async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.help) {
    console.log(usageOf(line.command));
    return 0;
  }
  const command = line.command!;
  const config = loadConfig();
  if (command === 'start' || command === 'serve' || command === 'worker') {
    try {
      await runPlatform(config, { api: command !== 'worker', workers: command !== 'serve' }, line.values['seed-demo'] === true ? seedDemoIfEmpty : undefined);
      return 0;
    } catch (error) {
      console.error(startFailure(error));
      return 1;
    }
  }
  // Checked before anything opens, so that a misused seed-demo touches no store.
  const seed = command === 'seed-demo' ? seedDemoOptions(line.values) : undefined;
  if (line.values.stream !== undefined && !line.values.replay) throw new UsageError(`parked: --stream goes with --replay\n${usageOf('parked')}`);
  // Its stdout is the command's answer (`status --json`): warnings and errors go to stderr.
  const log = createLogger({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level, fd: 2, secrets: secretsOf(config) });
  const platform = await compose(config, { workers: 'elsewhere' }, undefined, { log });
  try {
    return seed ? await seedDemoCommand(platform, seed) : await operation(platform, config, command, line);
  } catch (error) {
    if (error instanceof UnknownProjectionError) throw new UsageError(error.message);
    if (error instanceof UnknownGenerationError || error instanceof RebuildInProgressError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await platform.close();
  }
}

/** The one-shot operations on projections, each given a projection's name when it takes one. */
async function operation(platform: Platform, config: Config, command: string, line: CommandLine): Promise<number> {
  const projection = line.projection!;
  switch (command) {
    case 'status':
      return statusCommand(platform, { projection: line.projection, json: line.values.json === true });
    case 'rebuild':
      return rebuildCommand(platform, config, { projection, inPlace: line.values['in-place'] === true });
    case 'cancel-rebuild': {
      const cancelled = await platform.generations.cancelRebuild(projection);
      console.log(`${projection}: generation ${cancelled.generation} cancelled`);
      return 0;
    }
    case 'parked':
      return parkedCommand(platform, { projection, replay: line.values.replay === true, stream: line.values.stream as string | undefined });
    default:
      throw new UsageError(`unknown command ${command}\n${usageOf()}`);
  }
}

/** `start --seed-demo` (`npm run demo`): the demo's data, once, into an empty event store; a store with events is left as it is. */
async function seedDemoIfEmpty(platform: Platform): Promise<void> {
  if ((await platform.eventStore.readAll({ fromPosition: 'start', maxCount: 1 })).length > 0) {
    platform.log.info({}, 'the event store already has events: no demo data seeded');
    return;
  }
  await seedDemoCommand(platform, seedDemoOptions({}));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof ConfigError || error instanceof UsageError;
      console.error(known ? error.message : error);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
