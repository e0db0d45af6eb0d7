import { parseArgs } from 'node:util';
import { CLI_COMMANDS } from './cli-commands.js';
import { usageOf } from './usage-of.js';
import { UsageError } from './usage-error.js';

/** A command line that names a known command with the options and argument it takes. */
export interface CommandLine {
  /** Absent for a bare `projectionist --help`. */
  readonly command: string | undefined;
  readonly projection: string | undefined;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly help: boolean;
}

/**
 * Reads `projectionist <command> [<projection>] [options]` strictly against the command's own
 * options: anything unknown, missing or extra is a UsageError (exit 2) with the command's usage.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(usageOf());
  if (first === '--help' || first === '-h') return { command: undefined, projection: undefined, values: {}, help: true };
  const spec = CLI_COMMANDS[first];
  if (!spec) throw new UsageError(`unknown command ${first}\n${usageOf()}`);
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options: { ...spec.options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    // Node's message goes on to explain `--`, which is beside the point here.
    const reason = (error instanceof Error ? error.message : String(error)).split('. To specify')[0];
    throw new UsageError(`${first}: ${reason}\n${usageOf(first)}`);
  }
  const { positionals, values } = parsed;
  const help = values.help === true;
  if (help) return { command: first, projection: undefined, values, help };
  const allowed = spec.projection === 'none' ? 0 : 1;
  if (positionals.length > allowed) throw new UsageError(`${first}: unexpected argument ${positionals[allowed]}\n${usageOf(first)}`);
  if (spec.projection === 'required' && positionals.length === 0) throw new UsageError(`${first} needs a projection name\n${usageOf(first)}`);
  return { command: first, projection: positionals[0], values, help };
}
