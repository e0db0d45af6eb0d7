import { expect } from 'chai';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { projections } from '../../projections/index.js';
import { workload, type WorkloadEvent } from '../../bench/rebuild/workload.js';
import { Child } from '../support/child-process.js';
import { readModelSnapshot } from '../support/read-model-snapshot.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { testPlatform } from '../support/test-platform.js';
import { eventually } from '../support/async.js';

const CHILD = new URL('./children/worker-child.ts', import.meta.url).pathname;
const KILLS = 24;

describe('crash test: workers killed at random points, with and without rebuilds', function () {
  this.timeout(120_000);

  it('leaves every read model equal to a from-scratch rebuild, document for document', async function () {
    const dataDir = scratchDirectory('projectionist-crash-');
    const events = workload(8_000, 7);
    const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), synchronous: 'normal' });
    const append = async (count: number) => {
      const chunk: WorkloadEvent[] = [];
      for (let next = events.next(); !next.done && chunk.length < count; next = chunk.length < count ? events.next() : next) chunk.push(next.value);
      for (const event of chunk) await store.appendToStream(event.stream, [{ type: event.type, data: event.data as never }]);
    };
    await append(3_000);
    let random = 12345;
    const roll = (max: number) => (random = (Math.imul(random, 1103515245) + 12345) >>> 0) % max;
    const kinds: string[] = [];

    for (let kill = 0; kill < KILLS; kill += 1) {
      const rebuild = kill % 3 === 1 ? projections[roll(projections.length)]!.name : undefined;
      const child = new Child(CHILD, [dataDir, ...(rebuild ? ['--rebuild', rebuild] : [])]);
      const appending = kill % 2 === 0 ? append(150) : Promise.resolve();
      if (rebuild && kill % 2 === 1) {
        // Right around the switch: as soon as the rebuilt generation is reported live.
        await child.waitFor((line: { live?: string[] }) => !!line.live?.some((g) => g.startsWith(`${rebuild}#`) && !g.endsWith('#1')), 1, 20_000).catch(() => undefined);
        kinds.push(`after ${rebuild}'s switch`);
      } else {
        await child.waitFor((line: { started?: boolean }) => line.started === true, 1, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 20 + roll(400)));
        kinds.push(rebuild ? `during ${rebuild}'s rebuild` : 'while catching up or live');
      }
      await child.kill('SIGKILL');
      await appending;
    }

    const last = new Child(CHILD, [dataDir]);
    await last.waitFor((line: { idle?: boolean }) => line.idle === true, 1, 60_000);
    await last.kill('SIGTERM');
    await store.close();

    const fresh = scratchDirectory('projectionist-fresh-');
    copyFileSync(join(dataDir, 'events.db'), join(fresh, 'events.db'));
    const reference = await testPlatform({ dataDir: fresh });
    await reference.start();
    await eventually(async () => {
      const statuses = await reference.workers!.status();
      expect(statuses.every((s) => s.lag.events === 0 && s.state === 'live')).to.equal(true);
    }, 60_000);
    await reference.close();

    expect(kinds.length).to.equal(KILLS);
    const crashed = readModelSnapshot(join(dataDir, 'read-models.db'), projections);
    const rebuilt = readModelSnapshot(join(fresh, 'read-models.db'), projections);
    for (const projection of projections) {
      expect(Object.keys(crashed[projection.name]!).length, projection.name).to.be.above(0);
      expect(crashed[projection.name], `${projection.name} after ${KILLS} kills (${kinds.join(', ')})`).to.deep.equal(rebuilt[projection.name]);
    }
  });
});
