import { expect } from 'chai';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { projections } from '../../projections/index.js';
import { partsOf } from '../../src/core/projections/generation.js';
import { workload } from '../../bench/rebuild/workload.js';
import { Child } from '../support/child-process.js';
import { expectEqualToFreshRebuild } from '../support/fresh-rebuild.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/worker-child.ts', import.meta.url).pathname;

interface Holding {
  readonly standby?: number;
  readonly writing?: number;
}

/** What workers share: each generation, or each partition of a partitioned one (six projections, OrderView in three: eight). */
const PARTS = projections.flatMap((projection) => partsOf({ projection, generation: 1 })).length;

/** Waits until a worker writes `count` generations and partitions (or any of several counts) and stands by for the others. */
function writes(worker: Child, count: number | readonly number[], from: number, timeoutMs = 30_000) {
  const counts = typeof count === 'number' ? [count] : count;
  return worker.waitFor((line: Holding) => line.writing !== undefined && counts.includes(line.writing) && line.standby === PARTS - line.writing, 1, timeoutMs, from);
}

/**
 * Worker processes share the generations and partitions: each writes its share (eight over three
 * workers: three, three and two), one that joins takes its share from the others without a stop, one that
 * leaves (SIGTERM) hands its generations over at once, and one that dies (SIGKILL) loses them
 * when its lease and heartbeat run out. Commands keep coming throughout; afterwards every read
 * model equals a fresh rebuild. The worker children hold 1 s leases.
 */
describe('workers sharing the generations (embedded store)', function () {
  this.timeout(180_000);

  it('writes each generation from one worker, spreads them evenly, and rebalances as workers join, leave and die', async function () {
    const dataDir = scratchDirectory('projectionist-shared-');
    const events = workload(20_000, 5);
    const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), synchronous: 'normal' });
    const append = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const next = events.next();
        if (next.done) return;
        await store.appendToStream(next.value.stream, [{ type: next.value.type, data: next.value.data as never }]);
      }
    };
    await append(1_000);
    const env = { PROJECTIONS_LEASE_MS: '1000' };
    const workers: Child[] = [];
    let appending = true;
    const appender = (async () => {
      while (appending) {
        await append(5);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const a = new Child(CHILD, [dataDir], env);
      workers.push(a);
      await writes(a, PARTS, 0);

      // Two more join: at most ceil(8 / 3) = 3 each, so three, three and two.
      const b = new Child(CHILD, [dataDir], env);
      const c = new Child(CHILD, [dataDir], env);
      workers.push(b, c);
      const share = [PARTS - 2 * Math.ceil(PARTS / 3), Math.ceil(PARTS / 3)];
      await Promise.all([writes(a, share, a.received()), writes(b, share, 0), writes(c, share, 0)]);

      // One leaves cleanly: what it wrote goes to the others at once (half each).
      const [fromA, fromB] = [a.received(), b.received()];
      await c.kill('SIGTERM');
      await Promise.all([writes(a, PARTS / 2, fromA, 10_000), writes(b, PARTS / 2, fromB, 10_000)]);

      // One dies: the last one takes everything once its lease and heartbeat run out.
      const fromA2 = a.received();
      await b.kill('SIGKILL');
      await writes(a, PARTS, fromA2, 15_000);

      // A newcomer takes half.
      const d = new Child(CHILD, [dataDir], env);
      workers.push(d);
      await Promise.all([writes(a, PARTS / 2, a.received()), writes(d, PARTS / 2, 0)]);

      appending = false;
      await appender;
      const idle = (worker: Child) => worker.waitFor((line: { idle?: boolean }) => line.idle === true, 1, 60_000, worker.received());
      await Promise.all([idle(a), idle(d)]).catch(async (error: Error) => {
        const last = (worker: Child) => worker.waitFor(() => true, 1, 1_000).then((lines) => JSON.stringify(lines.filter((line) => !('level' in line) || (line as { level: number }).level >= 40).slice(-4)));
        throw new Error(`${error.message}\n a: ${await last(a)}\n d: ${await last(d)}`);
      });
    } finally {
      appending = false;
      await appender;
      for (const worker of workers) await worker.kill('SIGTERM').catch(() => undefined);
      await store.close();
    }
    expect(workers).to.have.length(4);
    await expectEqualToFreshRebuild(env, dataDir, {}, projections, 'after workers joined, left and died');
  });
});
