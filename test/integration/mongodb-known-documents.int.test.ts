import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent } from 'mongodb';
import { generationCollection } from '../../src/adapters/mongodb/generation-collections.js';
import { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { CheckpointMovedError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, storeTarget, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

/**
 * A generation built from zero in one process: the store knows every document it wrote, so it
 * neither loads nor reads before writing a document that cannot exist (FerretDB answers each such
 * query by scanning the collection), and it gives that knowledge up as soon as it may be wrong.
 */
describeEachEngine('MongoDB known documents', [mongodbServer], (engine) => {
  describe(`${engine}: a generation built from zero`, function () {
    const name = () => `projectionist_test_${randomBytes(6).toString('hex')}`;
    const at = (n: number) => position(BigInt(n));
    const doc = (id: string, n: number, by = 'first'): Entry => ({ id, body: { id, n, by }, position: at(n) });
    let databaseName: string;
    let opened: MongoReadModelDatabase[];
    let finds: string[];
    let generation: Generation;

    /** A process of its own: a connection that no other store shares, watched for `find`s on the generation's documents. */
    const openProcess = async () => {
      const database = await MongoReadModelDatabase.open({ url: process.env.MONGODB_URL!, database: databaseName, clientOptions: { monitorCommands: true } });
      opened.push(database);
      const collection = generationCollection(generation, 'items');
      database.client.on('commandStarted', (event: CommandStartedEvent) => {
        if (event.commandName === 'find' && event.command.find === collection) finds.push(JSON.stringify(event.command.filter));
      });
      const store = new MongoReadModelStore(database);
      await store.prepare(generation);
      finds = [];
      return store;
    };
    const bodies = async (store: MongoReadModelStore, ...ids: string[]) => {
      const found = await store.load(generation, 'items', ids);
      return ids.map((id) => found.get(id)?.body);
    };

    beforeEach(function () {
      databaseName = name();
      opened = [];
      finds = [];
      generation = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
    });

    afterEach(async function () {
      await opened[0]?.db.dropDatabase();
      for (const database of opened) await database.close();
    });

    it('loads and writes documents it never wrote without a query for them, and loads those it wrote', async function () {
      const store = await openProcess();
      expect(await store.load(generation, 'items', ['a', 'b'])).to.deep.equal(new Map());
      await commitEntries(store, generation, [doc('a', 1), doc('b', 2)]);
      await commitEntries(store, generation, [doc('a', 3, 'second'), doc('c', 4)]);
      // In a transaction the stored positions are read anyway: a failed insert would abort it.
      expect(finds).to.deep.equal(store.capabilities.transactional ? finds : []);
      expect(await bodies(store, 'a', 'b', 'c', 'd')).to.deep.equal([doc('a', 3, 'second').body, doc('b', 2).body, doc('c', 4).body, undefined]);
    });

    it('knows nothing after a restart, so it reads first and writes nothing over a newer document', async function () {
      const before = await openProcess();
      await commitEntries(before, generation, [doc('a', 5)]);
      const after = await openProcess();
      expect(await bodies(after, 'a')).to.deep.equal([doc('a', 5).body]);
      await commitEntries(after, generation, [doc('a', 3, 'stale'), doc('b', 4, 'after')]);
      expect(await bodies(after, 'a', 'b')).to.deep.equal([doc('a', 5).body, doc('b', 4, 'after').body]);
    });

    it('refuses a commit once another process committed, then reads what that one wrote', async function () {
      const mine = await openProcess();
      const other = await openProcess();
      await commitEntries(other, generation, [doc('a', 5, 'other')]);
      // Still sure that nothing exists: no query, and a wrong answer that the commit must not act on.
      expect(await bodies(mine, 'a')).to.deep.equal([undefined]);
      const stale = batchOf('items', [doc('a', 7, 'from nothing')], { basedOn: 1 });
      expect(await rejectionOf(mine.commit(generation, stale))).to.be.instanceOf(CheckpointMovedError);
      await mine.prepare(generation);
      expect(await bodies(mine, 'a')).to.deep.equal([doc('a', 5, 'other').body]);
      await commitEntries(mine, generation, [doc('a', 7, 'mine')]);
      expect(await bodies(other, 'a')).to.deep.equal([doc('a', 7, 'mine').body]);
    });

    it('knows a truncated generation empty again', async function () {
      const store = await openProcess();
      await commitEntries(store, generation, [doc('a', 1)]);
      await store.truncate(generation);
      finds = [];
      expect(await bodies(store, 'a')).to.deep.equal([undefined]);
      await commitEntries(store, generation, [doc('a', 2, 'again')]);
      expect(finds).to.deep.equal(store.capabilities.transactional ? finds : []);
      expect(await bodies(store, 'a')).to.deep.equal([doc('a', 2, 'again').body]);
    });
    it('knows nothing of a partitioned generation, which other processes write, even when it prepared it whole while empty', async function () {
      generation = { projection: { ...uniqueProjection(storeTarget('documents')), partitions: 2 }, generation: 1 };
      const part = { ...generation, partition: 1 };
      const mine = await openProcess();
      const other = await openProcess();
      await other.prepare(part);
      await commitEntries(other, part, [doc('a', 5, 'other')]);
      await mine.prepare(part);
      expect(mine.knownEmpty(part)).to.equal(false);
      expect((await mine.load(part, 'items', ['a'])).get('a')?.body).to.deep.equal(doc('a', 5, 'other').body);
    });
  });
});
