/**
 * Smoke test of the MongoDB engine through the official `mongodb` driver: the embedded FerretDB 1.24.2
 * (SQLite) from test/engines/ferretdb.sh, or a real MongoDB when MONGODB_URL points at one. Where
 * FerretDB differs from MongoDB, the test asserts what FerretDB does (marked FERRETDB GAP).
 */
import { expect } from 'chai';
import { type AnyBulkWriteOperation, type Db, MongoBulkWriteError, MongoClient, MongoServerError } from 'mongodb';
import { describeEachEngine, type Engine } from '../engine-matrix.js';

interface Fixture { readonly url: string }
interface Guarded { _id: string; lastPos: number; v?: string }

const ferretdb: Engine<Fixture> = {
  name: 'ferretdb',
  unavailable: () => (process.env.MONGODB_URL ? undefined : 'MONGODB_URL is not set'),
  fixture: () => ({ url: process.env.MONGODB_URL ?? '' }),
};

/** Position-guarded upsert: applies only if pos is newer than the stored lastPos; otherwise the upsert hits _id. */
const guarded = (_id: string, pos: number, v: string): AnyBulkWriteOperation<Guarded> => ({
  updateOne: { filter: { _id, lastPos: { $lt: pos } }, update: { $set: { v, lastPos: pos } }, upsert: true },
});

const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describeEachEngine('smoke', [ferretdb], (engine, { url }) => {
  describe(`${engine}: smoke (mongodb driver)`, () => {
    const client = new MongoClient(url, { useBigInt64: true, serverSelectionTimeoutMS: 5_000 });
    const dbName = `smoke_${process.pid}_${Date.now().toString(36)}`;
    let db: Db;
    let isFerretDB = false;

    before(async () => {
      await client.connect();
      db = client.db(dbName);
      isFerretDB = 'ferretdbVersion' in (await client.db('admin').command({ buildInfo: 1 }));
    });

    after(async () => {
      await db?.dropDatabase().catch(() => undefined);
      await client.close();
    });

    it('answers hello; no setName means a standalone server, so no transactions', async () => {
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello.isWritablePrimary).to.equal(true);
      const transactions = hello.logicalSessionTimeoutMinutes != null && (hello.setName != null || hello.msg === 'isdbgrid');
      if (isFerretDB) {
        expect(hello.setName).to.equal(undefined);
        expect(transactions).to.equal(false);
      }
    });

    it('bulkWrite of position-guarded upserts; a stale replay is a MongoBulkWriteError with code 11000', async () => {
      const c = db.collection<Guarded>('guarded');
      const first = await c.bulkWrite([guarded('s1', 1, 'one'), guarded('s2', 1, 'one')], { ordered: false });
      expect(first.upsertedCount).to.equal(2);
      const newer = await c.bulkWrite([guarded('s1', 5, 'five')], { ordered: false });
      expect([newer.matchedCount, newer.modifiedCount, newer.upsertedCount]).to.deep.equal([1, 1, 0]);

      for (const pos of [3, 5]) { // stale, then replayed: the filter misses and the upsert collides on _id
        const err = await failure(c.bulkWrite([guarded('s1', pos, 'stale')], { ordered: false }));
        expect(err).to.be.instanceOf(MongoBulkWriteError);
        const writeErrors = ([] as { index: number; code: number }[]).concat((err as MongoBulkWriteError).writeErrors);
        expect(writeErrors.map((e) => [e.index, e.code])).to.deep.equal([[0, 11000]]);
        expect((err as MongoBulkWriteError).code).to.equal(11000);
      }
      expect(await c.findOne({ _id: 's1' })).to.deep.equal({ _id: 's1', lastPos: 5, v: 'five' });
    });

    it('creates unique and compound indexes and enforces uniqueness', async () => {
      const c = db.collection('indexed');
      expect(await c.createIndex({ key: 1 }, { unique: true })).to.equal('key_1');
      expect(await c.createIndex({ a: 1, b: -1 })).to.equal('a_1_b_-1');
      expect(await c.createIndex({ tenant: 1, slug: 1 }, { unique: true, name: 'tenant_slug' })).to.equal('tenant_slug');
      await c.insertOne({ key: 'k1', a: 1, b: 2, tenant: 't', slug: 's' });
      expect(((await failure(c.insertOne({ key: 'k1' }))) as MongoServerError).code).to.equal(11000);
      expect(((await failure(c.insertOne({ key: 'k2', tenant: 't', slug: 's' }))) as MongoServerError).code).to.equal(11000);
      const names = (await c.listIndexes().toArray()).map((i) => `${i.name}${i.unique ? ' (unique)' : ''}`);
      expect(names.sort()).to.deep.equal(['_id_', 'a_1_b_-1', 'key_1 (unique)', 'tenant_slug (unique)']);
    });

    it('renames a collection over another (FERRETDB GAP: dropTarget is NotImplemented, so drop then rename)', async () => {
      const proj = (name: string) => db.collection<{ _id: number; gen: string }>(name);
      await proj('proj').insertOne({ _id: 1, gen: 'old' });
      const next = proj('proj_next');
      await next.insertMany([{ _id: 1, gen: 'new' }, { _id: 2, gen: 'new' }]);
      await next.createIndex({ gen: 1 });
      const clash = (await failure(db.renameCollection('proj_next', 'proj'))) as MongoServerError;
      expect(clash.code).to.equal(48); // NamespaceExists, as on MongoDB
      const withDrop = (await failure(db.renameCollection('proj_next', 'proj', { dropTarget: true }))) as MongoServerError | undefined;
      if (isFerretDB) {
        // Observed on FerretDB 1.24.2: code 238 NotImplemented, 'renameCollection: support for field "dropTarget"
        // with non-default value true is not implemented yet'. The swap is not atomic: readers briefly see nothing.
        expect(withDrop?.code).to.equal(238);
        await proj('proj').drop();
        await db.renameCollection('proj_next', 'proj');
      } else {
        expect(withDrop).to.equal(undefined);
      }
      expect(await proj('proj').find().sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 1, gen: 'new' }, { _id: 2, gen: 'new' }]);
      expect((await db.listCollections({ name: 'proj_next' }).toArray()).length).to.equal(0);
      expect((await proj('proj').listIndexes().toArray()).map((i) => i.name)).to.include('gen_1');
    });

    it('finds a range with sort, skip, limit and projection', async () => {
      const c = db.collection('range');
      await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ n: i, grp: i % 3 })));
      const got = await c
        .find({ n: { $gte: 10, $lt: 25 }, grp: { $in: [0, 1] } }, { projection: { _id: 0, n: 1 } })
        .sort({ n: -1 })
        .skip(2)
        .limit(4)
        .toArray();
      expect(got).to.deep.equal([{ n: 21 }, { n: 19 }, { n: 18 }, { n: 16 }]); // 24, 22 skipped; 23, 20, 17 are grp 2
    });

    it('round-trips bigint as Int64 (BSON long)', async () => {
      const c = db.collection<{ _id: string; big: bigint; small: bigint; num: number }>('big');
      const big = 2n ** 62n + 7n;
      await c.insertOne({ _id: 'b', big, small: 5n, num: 5 });
      expect(await c.findOne({ _id: 'b' })).to.deep.equal({ _id: 'b', big, small: 5n, num: 5 });
      expect(await c.countDocuments({ big: { $type: 'long' }, small: { $type: 'long' }, num: { $type: 'int' } })).to.equal(1);
      await c.updateOne({ _id: 'b' }, { $inc: { big: 1n } });
      expect((await c.findOne({ _id: 'b' }))?.big).to.equal(big + 1n);
      expect(await c.countDocuments({ big: { $gt: 2n ** 62n } })).to.equal(1);
    });
  });
});
