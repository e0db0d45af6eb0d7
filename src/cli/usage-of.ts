import { CLI_COMMANDS } from './cli-commands.js';

const EXIT_CODES = 'Exit codes: 0 done, 1 failed, 2 misused (unknown command, option or projection; a missing or bad argument).';
const CONFIGURATION = 'Configuration comes from config/default.json, CONFIG_FILE and the environment (see README).';

/** The usage of one command (`projectionist <command> --help`), or of them all. */
export function usageOf(command?: string): string {
  const one = command === undefined ? undefined : CLI_COMMANDS[command];
  if (one) return [`Usage: projectionist ${one.synopsis}`, `  ${one.summary}`, one.details, EXIT_CODES].join('\n');
  const lines = Object.values(CLI_COMMANDS).flatMap(({ synopsis, summary }) =>
    synopsis.length < 30 ? [`  ${synopsis.padEnd(30)}${summary}`] : [`  ${synopsis}`, `  ${''.padEnd(30)}${summary}`],
  );
  return ['Usage: projectionist <command> [--help]', ...lines, `projectionist <command> --help shows a command's options.`, EXIT_CODES, CONFIGURATION].join('\n');
}
