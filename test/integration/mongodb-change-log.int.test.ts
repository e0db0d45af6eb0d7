import { expect } from 'chai';
import type { Collection } from 'mongodb';
import { CHANGE_RETENTION_MS, type ChangeEntry } from '../../src/adapters/mongodb/change-entry.js';
import { MongoChangeLog } from '../../src/adapters/mongodb/mongo-change-log.js';
import type { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import { InProcessChangeNotifier } from '../../src/core/consistency/in-process-change-notifier.js';
import type { ProjectionChange } from '../../src/core/ports/change-notifier.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { position } from '../../src/core/position.js';
import { eventually } from '../support/async.js';
import { commitEntries, parkedEvent, storeTarget, uniqueProjection } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoChangeLog', [mongodbServer], (engine, server) => {
  describe(`${engine}: MongoChangeLog`, function () {
    let writer: { database: MongoReadModelDatabase; dispose: () => Promise<void> };
    let reader: MongoReadModelDatabase;
    let log: MongoChangeLog | undefined;
    let store: MongoReadModelStore;
    let generation: Generation;
    let heard: ProjectionChange[];
    const listen = async () => {
      const notifier = new InProcessChangeNotifier();
      notifier.subscribe((change) => heard.push(change));
      log = await MongoChangeLog.start(reader, notifier);
    };

    beforeEach(async function () {
      // The runner's process and another one (an API process) on connections of their own.
      writer = await server.open();
      reader = (await server.open({ name: writer.database.db.databaseName })).database;
      store = new MongoReadModelStore(writer.database, { pruneChangesEvery: 1 });
      generation = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
      await store.prepare(generation);
      heard = [];
    });

    afterEach(async function () {
      await log?.close();
      log = undefined;
      await reader.close();
      await writer.dispose();
    });

    it('relays a batch committed through another connection, with its documents and correlations', async function () {
      await commitEntries(store, generation, [{ id: 'before', body: { id: 'before' }, position: position(1n) }]);
      await listen();
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a' }, position: position(2n) }, { id: 'b', body: { id: 'b' }, position: position(3n) }]);
      await eventually(() => expect(heard).to.have.length(1), 5_000);
      const [change] = heard;
      expect(change).to.deep.include({ projection: generation.projection.name, generation: 1, position: position(3n), documentIds: ['a', 'b'] });
      expect(change!.correlations).to.deep.equal([{ correlationId: change!.correlationIds[0], documentIds: ['a', 'b'] }]);
    });

    it('relays the events a batch parked and unparked, with the commit count it reached', async function () {
      await listen();
      const poison = parkedEvent(position(2n), 1);
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a' }, position: position(1n) }], { checkpoint: position(2n), parked: [poison] });
      await commitEntries(store, generation, [{ id: 'b', body: { id: 'b' }, position: position(2n) }], { unparked: [poison.position] });
      await eventually(() => expect(heard).to.have.length(2), 5_000);
      expect(heard.map((change) => change.parking)).to.deep.equal([
        { commits: 1, parked: [poison], unparked: [] },
        { commits: 2, parked: [], unparked: [poison.position] },
      ]);
    });

    it('relays every batch once, in commit order', async function () {
      await listen();
      for (let n = 1; n <= 20; n += 1) await commitEntries(store, generation, [{ id: `d${n}`, body: { n }, position: position(BigInt(n)) }]);
      await eventually(() => expect(heard).to.have.length(20), 5_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(heard.map((change) => change.position.commit)).to.deep.equal(Array.from({ length: 20 }, (_, n) => BigInt(n + 1)));
    });

    it('stops relaying once closed', async function () {
      await listen();
      await log!.close();
      log = undefined;
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a' }, position: position(1n) }]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(heard).to.deep.equal([]);
    });

    it('prunes entries past their retention as the store commits, but never the newest', async function () {
      const changes = writer.database.shared<ChangeEntry>('changes') as Collection<ChangeEntry>;
      const commit = (id: string, n: bigint) => commitEntries(store, generation, [{ id, body: { id }, position: position(n) }]);
      const logged = async () => (await changes.find({}).sort({ _id: 1 }).toArray()).map((entry) => entry.documentIds[0]);
      await commit('a', 1n);
      await changes.updateMany({}, { $set: { at: new Date(Date.now() - CHANGE_RETENTION_MS - 60_000) } });
      // Pruning runs before the batch's own entry is added: the expired entry is still the newest.
      await commit('b', 2n);
      expect(await logged()).to.deep.equal(['a', 'b']);
      await commit('c', 3n);
      expect(await logged()).to.deep.equal(['b', 'c']);
    });
  });
});
