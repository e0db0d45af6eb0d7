import { printTable, ratio, type Row } from '../support/report.js';
import { scratch } from '../support/scratch.js';
import type { RunResult } from '../support/timed-run.js';
import { bareSqlite } from './bare-sqlite.js';
import { emmettCommands } from './emmett-commands.js';
import { projectionistCommands } from './projectionist-commands.js';

/** Commands per second on the embedded store: us, the peer (Emmett) and the bare-SQLite limit. */
export async function commandsBenchmark(durationMs: number): Promise<void> {
  const dir = scratch('commands');
  const ours1 = await projectionistCommands(dir, durationMs, 1, 'full');
  const ours32 = await projectionistCommands(dir, durationMs, 32, 'full');
  const emmett1 = await emmettCommands(dir, durationMs, 1);
  const emmett32 = await emmettCommands(dir, durationMs, 32);
  const bareEach = await bareSqlite(dir, durationMs, 'transaction-per-command');
  const bareGroup = await bareSqlite(dir, durationMs, 'group-of-32');
  const bareOne = await bareSqlite(dir, durationMs, 'one-transaction');
  const relaxed1 = await projectionistCommands(dir, durationMs, 1, 'normal');
  const relaxed32 = await projectionistCommands(dir, durationMs, 32, 'normal');

  const row = (label: string, result: RunResult, note = ''): Row => ({
    label,
    perSecond: result.perSecond,
    unit: 'commands/s',
    note: [note, result.failures ? `${result.failures} failed (${result.firstFailure})` : ''].filter(Boolean).join('; '),
  });
  printTable('Commands: load stream, decide, append at the expected revision (embedded SQLite, synchronous=FULL)', [
    row('projectionist, concurrency 1', ours1, `${ratio(ours1.perSecond, emmett1.perSecond)} Emmett; ${ratio(ours1.perSecond, bareEach.perSecond)} bare tx/command`),
    row(
      'projectionist, concurrency 32',
      ours32,
      `${ratio(ours32.perSecond, emmett32.perSecond)} Emmett; ${ratio(ours32.perSecond, bareGroup.perSecond)} bare durable tx of 32; ${ratio(ours32.perSecond, bareOne.perSecond)} bare one-tx (target 0.25x)`,
    ),
    row('Emmett SQLite, concurrency 1', emmett1),
    row('Emmett SQLite, concurrency 32', emmett32),
    row('bare SQLite insert, tx per command', bareEach),
    row('bare SQLite insert, durable tx of 32 rows', bareGroup, `the most a commit of 32 acknowledged commands can hold; ${ratio(bareGroup.perSecond, bareOne.perSecond)} bare one-tx`),
    row('bare SQLite insert, one tx', bareOne),
  ]);
  printTable('Commands with relaxed durability (synchronous=NORMAL: may lose the last commits on power loss)', [
    row('projectionist, concurrency 1', relaxed1, `${ratio(relaxed1.perSecond, ours1.perSecond)} of FULL`),
    row('projectionist, concurrency 32', relaxed32, `${ratio(relaxed32.perSecond, ours32.perSecond)} of FULL`),
  ]);
}
