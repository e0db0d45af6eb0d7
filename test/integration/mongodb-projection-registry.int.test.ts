import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { MongoProjectionRegistry } from '../../src/adapters/mongodb/mongo-projection-registry.js';
import type { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import { RebuildInProgressError } from '../../src/core/ports/read-model-errors.js';
import { eventually } from '../support/async.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoProjectionRegistry', [mongodbServer], (engine, server) => {
  describe(`${engine}: MongoProjectionRegistry across processes`, function () {
    let dispose: () => Promise<void>;
    let databases: MongoReadModelDatabase[];
    let registries: MongoProjectionRegistry[];
    let name: string;

    beforeEach(async function () {
      // Three registries on connections of their own, as three processes would have.
      const first = await server.open();
      dispose = first.dispose;
      databases = [first.database];
      for (let n = 0; n < 2; n += 1) databases.push((await server.open({ name: first.database.db.databaseName })).database);
      registries = databases.map((database) => new MongoProjectionRegistry(database));
      name = `P${randomBytes(5).toString('hex')}`;
    });

    afterEach(async function () {
      for (const registry of registries) await registry.close();
      for (const database of databases.slice(1)) await database.close();
      await dispose();
    });

    it('lets exactly one of concurrent begins start a rebuild', async function () {
      await registries[0]!.begin(name, 1);
      const outcomes = await Promise.allSettled(registries.flatMap((registry) => [registry.begin(name, 2), registry.begin(name, 2)]));
      const started = outcomes.filter((o) => o.status === 'fulfilled');
      expect(started).to.have.length(1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).to.be.instanceOf(RebuildInProgressError);
      expect((await registries[1]!.list(name)).map((r) => `${r.generation}:${r.state}`)).to.deep.equal(['1:live', '2:building']);
    });

    it('never shows a reader none or two live generations while generations switch', async function () {
      await registries[0]!.begin(name, 1);
      let switching = true;
      const seen: number[] = [];
      const reader = (async () => {
        while (switching) seen.push((await registries[1]!.list(name)).filter((r) => r.state === 'live').length);
      })();
      for (let n = 2; n <= 15; n += 1) {
        await registries[0]!.begin(name, 1);
        await registries[0]!.switchTo(name, n);
        await registries[0]!.forget(name, n - 1);
      }
      switching = false;
      await reader;
      expect(seen.length).to.be.above(10);
      expect(new Set(seen)).to.deep.equal(new Set([1]));
      expect((await registries[2]!.list(name)).map((r) => `${r.generation}:${r.state}`)).to.deep.equal(['15:live']);
    });

    it('tells a listener of another process’s change within a second, and each listener until it stops', async function () {
      let heard = 0;
      const stop = registries[1]!.onChange(() => (heard += 1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = heard;
      const started = Date.now();
      await registries[0]!.begin(name, 1);
      await eventually(() => expect(heard).to.be.above(before), 1_000);
      const latency = Date.now() - started;
      stop();
      const after = heard;
      await registries[0]!.begin(name, 1);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(heard, `heard after ${latency} ms`).to.equal(after);
    });
  });
});
