import { parseArgs } from 'node:util';
import { compose } from '../composition/compose.js';
import { ConfigError, loadConfig } from '../composition/load-config.js';
import { createLogger } from '../observability/create-logger.js';
import { secretsOf } from '../observability/secrets-of.js';
import { parkedCommand } from './commands/parked-command.js';
import { rebuildCommand } from './commands/rebuild-command.js';
import { statusCommand } from './commands/status-command.js';
import { runPlatform } from './run-platform.js';
import { startFailure } from './start-failure.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage: projectionist <command>
  start                         the API and the projection workers in one process (npm start)
  serve                         the API only (workers run elsewhere on the same stores)
  worker                        the projection workers only
  status [--json]               every projection's generations, checkpoint, lag and parked events
  rebuild <projection> [--in-place]
                                rebuild from zero (blue/green by default), with progress; exits 1 on failure
  cancel-rebuild <projection>   stop a blue/green rebuild and drop what it built
  parked <projection> [--replay [--stream <stream>]]
                                list parked events, or apply them again
Configuration comes from config/default.json, CONFIG_FILE and the environment (see README).`;

/** The command line: runs, rebuilds and inspects projections. Exit codes: 0 done, 1 failed, 2 misused. */
export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'in-place': { type: 'boolean' }, replay: { type: 'boolean' }, stream: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, name] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'start' || command === 'serve' || command === 'worker') {
    try {
      await runPlatform(config, { api: command !== 'worker', workers: command !== 'serve' });
      return 0;
    } catch (error) {
      console.error(startFailure(error));
      return 1;
    }
  }
  // Its stdout is the command's answer (`status --json`): warnings and errors go to stderr.
  const log = createLogger({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level, fd: 2, secrets: secretsOf(config) });
  const platform = await compose(config, { workers: 'elsewhere' }, undefined, { log });
  try {
    switch (command) {
      case 'status':
        return await statusCommand(platform, { json: values.json ?? false });
      case 'rebuild':
        return await rebuildCommand(platform, config, { projection: required(name, 'rebuild'), inPlace: values['in-place'] ?? false });
      case 'cancel-rebuild': {
        const projection = required(name, 'cancel-rebuild');
        const building = (await platform.registry.list(projection)).find((r) => r.state === 'building');
        if (!building) throw new UsageError(`${projection} has no rebuild in progress`);
        await platform.registry.abandon(projection, building.generation, 'cancelled');
        console.log(`${projection}: generation ${building.generation} cancelled`);
        return 0;
      }
      case 'parked':
        return await parkedCommand(platform, { projection: required(name, 'parked'), replay: values.replay ?? false, stream: values.stream });
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  } finally {
    await platform.close();
  }
}

function required(name: string | undefined, command: string): string {
  if (!name) throw new UsageError(`${command} needs a projection name`);
  return name;
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
