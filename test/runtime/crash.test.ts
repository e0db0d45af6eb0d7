import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../src/composition/load-config.js';
import { openEventStore } from '../../src/composition/open-event-store.js';
import { projections } from '../../projections/index.js';
import { workload, type WorkloadEvent } from '../../bench/rebuild/workload.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { PLATFORM_CONFIGURATIONS, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION, type PlatformConfiguration } from '../engines/platform-configurations.js';
import { Child } from '../support/child-process.js';
import { deathAtFault } from '../support/death-at-fault.js';
import { faultPointsOf } from '../support/fault-points-of.js';
import { expectEqualToFreshRebuild } from '../support/fresh-rebuild.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/worker-child.ts', import.meta.url).pathname;
const SEARCH = projections.find((projection) => projection.target.kind === 'search')!;

/** Sizes per configuration: FerretDB writes a batch in milliseconds where SQLite takes microseconds. */
const SIZES: Record<string, { kills: number; initial: number; appended: number }> = {
  sqlite: { kills: 24, initial: 3_000, appended: 150 },
  'mongodb+elasticsearch': { kills: 20, initial: 600, appended: 40 },
  'postgres+mongodb+elasticsearch': { kills: 20, initial: 600, appended: 40 },
};

describeEachEngine('the crash test', [...PLATFORM_CONFIGURATIONS, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION], (engine: string, configuration: PlatformConfiguration) => {
  describe(`${engine}: crash test: workers killed at random points and at fault points, with and without rebuilds`, function () {
    this.timeout(300_000);

    it('leaves every read model equal to a from-scratch rebuild, document for document', async function () {
      const { kills, initial, appended } = SIZES[engine]!;
      const env = configuration();
      const dataDir = scratchDirectory('projectionist-crash-');
      // Twice what the kills append: the nudges of workers that went idle before their fault point take some.
      const events = workload(initial + 2 * kills * appended, 7);
      // Appended through the store the configuration selects, which the workers read: a file in dataDir, or a PostgreSQL schema.
      const store = await openEventStore(loadConfig({ ...env, DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal' }), pino({ level: 'silent' }));
      let appending = Promise.resolve();
      // One append at a time: every event refers to entities created by earlier ones.
      const append = (count: number): Promise<void> =>
        (appending = appending.then(async () => {
          const chunk: WorkloadEvent[] = [];
          for (let next = events.next(); !next.done && chunk.length < count; next = chunk.length < count ? events.next() : next) chunk.push(next.value);
          for (const event of chunk) await store.appendToStream(event.stream, [{ type: event.type, data: event.data as never }]);
        }));
      await append(initial);
      // CRASH_SEED picks other kill moments, rebuilds and fault counts, to look further or to reproduce a failure.
      let random = Number(process.env.CRASH_SEED ?? 12345);
      const roll = (max: number) => (random = (Math.imul(random, 1103515245) + 12345) >>> 0) % max;
      const points = await faultPointsOf(loadConfig({ ...env, DATA_DIR: dataDir }));
      const hits = new Map(points.map((point) => [point, 0]));
      const moments: string[] = [];

      for (let kill = 0; kill < kills; kill += 1) {
        // Every third worker dies by itself at a fault point, each point in turn; the others are killed from outside.
        const fault = kill % 3 === 2 ? points[Math.floor(kill / 3) % points.length]! : undefined;
        const inSwitch = fault === 'switch-before-activate';
        // The first switch to fail is the search projection's: its store has a pointer (an alias) to move.
        const rebuild = inSwitch && hits.get(fault) === 0 ? SEARCH.name : inSwitch || kill % 3 === 1 ? projections[roll(projections.length)]!.name : undefined;
        const armed = fault && `${fault}:${inSwitch ? 1 : 1 + roll(3)}`;
        const child = new Child(CHILD, [dataDir, ...(rebuild ? ['--rebuild', rebuild] : [])], { ...env, PROJECTIONIST_FAULTS: armed });
        const thisAppend = kill % 2 === 0 || fault ? append(appended) : Promise.resolve();
        if (fault) {
          const died = await deathAtFault(child, fault, 60_000, () => append(10));
          if (died) hits.set(fault, hits.get(fault)! + 1);
          moments.push(died ? `at ${armed}${rebuild ? ` (rebuilding ${rebuild})` : ''}` : `armed ${armed} but not reached in 60 s`);
        } else if (rebuild && kill % 2 === 1) {
          // Right around the switch: as soon as the generation this worker rebuilds is reported live.
          const [{ rebuilding }] = (await child.waitFor((line: { rebuilding?: string }) => line.rebuilding !== undefined, 1, 30_000)) as [{ rebuilding: string }];
          const switched = await child.waitFor((line: { live?: string[] }) => !!line.live?.includes(rebuilding), 1, 30_000).then(() => true, () => false);
          moments.push(switched ? `right after ${rebuilding}'s switch` : `during ${rebuilding}'s rebuild, not switched in 30 s`);
        } else {
          await child.waitFor((line: { started?: boolean }) => line.started === true, 1, 30_000);
          await new Promise((resolve) => setTimeout(resolve, 20 + roll(400)));
          moments.push(rebuild ? `during ${rebuild}'s rebuild` : 'while catching up or live');
        }
        await child.kill('SIGKILL');
        await thisAppend;
      }

      const last = new Child(CHILD, [dataDir], env);
      await last.waitFor((line: { idle?: boolean }) => line.idle === true, 1, 240_000);
      await last.kill('SIGTERM');
      await appending;
      await store.close();

      await expectEqualToFreshRebuild(env, dataDir, configuration(), projections, `after ${kills} kills (${moments.join(', ')})`);
      const reached = JSON.stringify(Object.fromEntries(hits));
      const afterSwitch = moments.filter((moment) => moment.startsWith('right after'));
      console.log(`      fault points reached: ${reached}; kills right after a switch: ${afterSwitch.length}`);
      expect(points.filter((point) => hits.get(point) === 0), `fault points never reached (reached: ${reached})`).to.deep.equal([]);
      expect(afterSwitch, `no worker was killed right after a switch (${moments.join(', ')})`).to.not.be.empty;
    });
  });
});
