import { expect } from 'chai';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { projections } from '../../projections/index.js';
import { workload, type WorkloadEvent } from '../../bench/rebuild/workload.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { PLATFORM_CONFIGURATIONS, type PlatformConfiguration } from '../engines/platform-configurations.js';
import { eventually } from '../support/async.js';
import { Child } from '../support/child-process.js';
import { readModelSnapshot } from '../support/read-model-snapshot.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { testPlatform } from '../support/test-platform.js';

const CHILD = new URL('./children/worker-child.ts', import.meta.url).pathname;

/** Sizes per engine: FerretDB writes a batch in milliseconds where SQLite takes microseconds. */
const SIZES: Record<string, { kills: number; initial: number; appended: number }> = {
  sqlite: { kills: 24, initial: 3_000, appended: 150 },
  'mongodb+elasticsearch': { kills: 20, initial: 600, appended: 40 },
};

describeEachEngine('the crash test', PLATFORM_CONFIGURATIONS, (engine: string, configuration: PlatformConfiguration) => {
  describe(`${engine}: crash test: workers killed at random points, with and without rebuilds`, function () {
    this.timeout(300_000);

    it('leaves every read model equal to a from-scratch rebuild, document for document', async function () {
      const { kills, initial, appended } = SIZES[engine]!;
      const env = configuration();
      const dataDir = scratchDirectory('projectionist-crash-');
      const events = workload(initial + kills * appended, 7);
      const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), synchronous: 'normal' });
      const append = async (count: number) => {
        const chunk: WorkloadEvent[] = [];
        for (let next = events.next(); !next.done && chunk.length < count; next = chunk.length < count ? events.next() : next) chunk.push(next.value);
        for (const event of chunk) await store.appendToStream(event.stream, [{ type: event.type, data: event.data as never }]);
      };
      await append(initial);
      let random = 12345;
      const roll = (max: number) => (random = (Math.imul(random, 1103515245) + 12345) >>> 0) % max;
      const moments: string[] = [];

      for (let kill = 0; kill < kills; kill += 1) {
        const rebuild = kill % 3 === 1 ? projections[roll(projections.length)]!.name : undefined;
        const child = new Child(CHILD, [dataDir, ...(rebuild ? ['--rebuild', rebuild] : [])], env);
        const appending = kill % 2 === 0 ? append(appended) : Promise.resolve();
        if (rebuild && kill % 2 === 1) {
          // Right around the switch: as soon as the rebuilt generation is reported live.
          await child.waitFor((line: { live?: string[] }) => !!line.live?.some((g) => g.startsWith(`${rebuild}#`) && !g.endsWith('#1')), 1, 30_000).catch(() => undefined);
          moments.push(`after ${rebuild}'s switch`);
        } else {
          await child.waitFor((line: { started?: boolean }) => line.started === true, 1, 30_000);
          await new Promise((resolve) => setTimeout(resolve, 20 + roll(400)));
          moments.push(rebuild ? `during ${rebuild}'s rebuild` : 'while catching up or live');
        }
        await child.kill('SIGKILL');
        await appending;
      }

      const last = new Child(CHILD, [dataDir], env);
      await last.waitFor((line: { idle?: boolean }) => line.idle === true, 1, 240_000);
      await last.kill('SIGTERM');
      await store.close();

      const fresh = scratchDirectory('projectionist-fresh-');
      copyFileSync(join(dataDir, 'events.db'), join(fresh, 'events.db'));
      const freshEnv = configuration();
      const reference = await testPlatform({ dataDir: fresh, env: freshEnv });
      await reference.start();
      await eventually(async () => {
        const statuses = await reference.generations.statuses();
        expect(statuses.every((s) => s.lag.events === 0 && s.state === 'live')).to.equal(true);
      }, 240_000, 100);
      await reference.close();

      expect(moments.length).to.equal(kills);
      const crashed = await readModelSnapshot(env, dataDir, projections);
      const rebuilt = await readModelSnapshot(freshEnv, fresh, projections);
      for (const projection of projections) {
        expect(Object.keys(crashed[projection.name]!).length, projection.name).to.be.above(0);
        expect(crashed[projection.name], `${projection.name} after ${kills} kills (${moments.join(', ')})`).to.deep.equal(rebuilt[projection.name]);
      }
    });
  });
});
