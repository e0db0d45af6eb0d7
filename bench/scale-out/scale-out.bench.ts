import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { cachedEvents } from '../support/cached-events.js';
import { printTable, ratio } from '../support/report.js';
import { scratch } from '../support/scratch.js';

const WORKER = new URL('./scale-out-worker.ts', import.meta.url).pathname;

interface Run {
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Starts `workers` worker processes on a copy of the events, lets them go at once, and times them until every projection is live and caught up. */
async function rebuildWith(events: string, workers: number, projections: readonly string[]): Promise<Run> {
  const dataDir = join(scratch('scale-out'), 'data');
  mkdirSync(dataDir);
  copyFileSync(events, join(dataDir, 'events.db'));
  const children: { process: ChildProcess; next: (match: (line: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>> }[] = [];
  for (let n = 0; n < workers; n += 1) {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir, ...projections], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: Record<string, unknown>[] = [];
    const waiting: (() => void)[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of waiting.splice(0)) wake();
    });
    const next = async (match: (line: Record<string, unknown>) => boolean) => {
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`a scale-out worker exited with ${child.exitCode}`);
        await new Promise<void>((resolve) => waiting.push(resolve) && setTimeout(resolve, 200));
      }
    };
    children.push({ process: child, next });
  }
  try {
    await Promise.all(children.map((child) => child.next((line) => line.ready === true)));
    const started = performance.now();
    for (const child of children) child.process.stdin!.write('go\n');
    const done = await Promise.all(children.map((child) => child.next((line) => line.idle === true)));
    return { seconds: (performance.now() - started) / 1000, maxRssMb: Math.max(...done.map((line) => Number(line.maxRssMb))) };
  } finally {
    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.process.exitCode === null ? new Promise((resolve) => child.process.once('exit', resolve)) : undefined)));
  }
}

/**
 * Scale-out: the six seed projections rebuilt from zero (BENCH_SCALE_OUT_EVENTS, default
 * 200,000 events) by one worker process, and by three sharing the generations and partitions;
 * then OrderView alone (three partitions) by one worker and by three. On the embedded store
 * every worker writes one SQLite file under one write lock, on this machine's cores: the figures
 * say what a second and third process add there, not what three machines on shared engines
 * would. Each row's ratio is against one worker in the same run.
 */
export async function scaleOutBenchmark(): Promise<void> {
  const total = Number(process.env.BENCH_SCALE_OUT_EVENTS ?? 200_000);
  const events = await cachedEvents(total);
  const rows = [];
  for (const [label, projections] of [
    ['six projections', []],
    ['OrderView, 3 partitions', ['OrderView']],
  ] as const) {
    const one = await rebuildWith(events, 1, projections);
    const three = await rebuildWith(events, 3, projections);
    const rate = (run: Run) => total / run.seconds;
    const note = (run: Run) => `${total.toLocaleString('en-US')} events in ${run.seconds.toFixed(1)} s, peak RSS ${run.maxRssMb} MB per process`;
    rows.push(
      { label: `${label}: 1 worker`, perSecond: rate(one), unit: 'events/s', note: note(one) },
      { label: `${label}: 3 workers`, perSecond: rate(three), unit: 'events/s', note: `${ratio(rate(three), rate(one))} one worker; ${note(three)}` },
    );
  }
  printTable('Scale-out: rebuild from zero by 1 and by 3 worker processes (embedded SQLite, one write lock, this machine\'s cores)', rows);
}
