import type { ParseArgsConfig } from 'node:util';

/** One command of the command line, as its usage and its parser see it. */
export interface CliCommand {
  /** The synopsis after `projectionist `. */
  readonly synopsis: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** What `projectionist <command> --help` adds: the options, what it prints, its exit codes. */
  readonly details: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether it takes a projection's name as its one argument. */
  readonly projection: 'required' | 'optional' | 'none';
}

const count = { type: 'string' } as const;

/** Every command, declared once: the usage texts and the parser both read this table. */
export const CLI_COMMANDS: Readonly<Record<string, CliCommand>> = {
  start: {
    synopsis: 'start [--seed-demo]',
    summary: 'the API and the projection workers in one process (npm start; npm run demo with --seed-demo)',
    details: [
      'Runs until Ctrl-C or SIGTERM. Exits 1 with one line when the port is busy or a setting is wrong.',
      '  --seed-demo    once running, seed-demo\'s default data when the event store is empty (npm run demo)',
    ].join('\n'),
    options: { 'seed-demo': { type: 'boolean' } },
    projection: 'none',
  },
  serve: {
    synopsis: 'serve',
    summary: 'the API only (workers run elsewhere on the same stores)',
    details: 'Runs until Ctrl-C or SIGTERM. Exits 1 with one line when the port is busy or a setting is wrong.',
    options: {},
    projection: 'none',
  },
  worker: {
    synopsis: 'worker',
    summary: 'the projection workers only',
    details: 'Runs until Ctrl-C or SIGTERM, sharing the generations with the other workers on the same stores.',
    options: {},
    projection: 'none',
  },
  status: {
    synopsis: 'status [<projection>] [--json]',
    summary: 'every projection’s generations, state, checkpoint, lag, parked events and writer',
    details: [
      'The states are the API’s (GET /api/projections): state is catching_up, live, rebuilding, stopped,',
      'failed, standby or idle (no runner in this process: see the writer column for who writes it);',
      'registryState is live or building.',
      '  --json    the API’s JSON instead of a table',
    ].join('\n'),
    options: { json: { type: 'boolean' } },
    projection: 'optional',
  },
  rebuild: {
    synopsis: 'rebuild <projection> [--in-place]',
    summary: 'rebuild from zero (blue/green by default), with progress',
    details: [
      'Builds the next generation beside the live one (or resumes the one being built) and switches it in.',
      'Progress goes to stderr: a bar with events/s and ETA on a terminal, a plain line every tenth or 2 s otherwise.',
      '  --in-place    empty the live generation and replay it (development: reads see it empty meanwhile)',
      'Exits 1 when the rebuild fails (the live generation is untouched) or is cancelled elsewhere.',
    ].join('\n'),
    options: { 'in-place': { type: 'boolean' } },
    projection: 'required',
  },
  'cancel-rebuild': {
    synopsis: 'cancel-rebuild <projection>',
    summary: 'stop a blue/green rebuild and drop what it built',
    details: 'Exits 1 when the projection has no rebuild in progress.',
    options: {},
    projection: 'required',
  },
  parked: {
    synopsis: 'parked <projection> [--replay [--stream <stream>]]',
    summary: 'list parked events, or apply them again',
    details: [
      'Lists the live generation’s parked events, one a line (or says there are none).',
      '  --replay             apply them again, in order, exactly once',
      '  --stream <stream>    with --replay: only that stream’s',
      'Exits 1 when events are still parked after a replay.',
    ].join('\n'),
    options: { replay: { type: 'boolean' }, stream: { type: 'string' } },
    projection: 'required',
  },
  'seed-demo': {
    synopsis: 'seed-demo [--scale <x>] [--customers <n>] [--orders <n>] ... [--seed <n>] [--concurrency <n>]',
    summary: 'create demo customers, orders, articles, likes and products through the command side',
    details: [
      'Runs the domain’s commands, as the API does, against the configured event store; the projections',
      'catch up wherever workers run (npm start, projectionist worker). Progress goes to stderr.',
      '  --customers <n>      default 300      --authors <n>    default 25 (they write the articles)',
      '  --products <n>       default 200      --articles <n>   default 400',
      '  --orders <n>         default 2000     --likes <n>      default 4000 (customers like articles)',
      '  --scale <x>          multiply every default (e.g. 10); an explicit count wins',
      '  --seed <n>           the same seed gives the same data (default 1); ids are always new',
      '  --concurrency <n>    commands in flight at once (default 64)',
      'Exits 1 when a command fails (what ran before it stays written).',
    ].join('\n'),
    options: {
      customers: count,
      authors: count,
      products: count,
      articles: count,
      orders: count,
      likes: count,
      scale: count,
      seed: count,
      concurrency: count,
    },
    projection: 'none',
  },
};
