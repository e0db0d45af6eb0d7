import { spawnSync } from 'node:child_process';

export interface ChildResult {
  readonly events: number;
  /** Events of the projections rebuilt, where the child reports them. */
  readonly handled?: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly maxRssMb: number;
  readonly notes?: string;
}

/**
 * Runs a benchmark script (under bench/) in a process of its own and returns the JSON line it
 * prints last. Every child, ours, the limits and the peers, runs with the flag `npm start` gives
 * the platform (`--single-threaded-gc`).
 */
export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildResult {
  const run = spawnSync(process.execPath, ['--single-threaded-gc', '--import', 'tsx', new URL(`../${script}`, import.meta.url).pathname, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (run.status !== 0) throw new Error(`${script} failed with status ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ChildResult;
}
