import { expect } from 'chai';
import type { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { ReadModelStoreError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, storeTarget, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoReadModelStore', [mongodbServer], (engine, server) => {
  describe(`${engine}: MongoReadModelStore writes guarded by position`, function () {
    let dispose: () => Promise<void>;
    let store: MongoReadModelStore;
    let generation: Generation;
    const at = (n: number) => position(BigInt(n));
    const doc = (id: string, n: number, extra: Record<string, string | number> = {}): Entry => ({ id, body: { id, n, ...extra }, position: at(n) });
    const load = async (...ids: string[]) => store.load(generation, 'items', ids);
    const bodies = async (...ids: string[]) => {
      const found = await load(...ids);
      return ids.map((id) => found.get(id)?.body);
    };

    beforeEach(async function () {
      ({ store, generation, dispose } = await server.openStore());
    });

    afterEach(async function () {
      await dispose();
    });

    it('changes nothing when a batch is committed a second time (a replay after a crash)', async function () {
      await commitEntries(store, generation, [doc('a', 1), doc('b', 2)]);
      const before = await load('a', 'b');
      // The same events again, even computed differently: the stored positions are not below theirs.
      await commitEntries(store, generation, [doc('a', 1, { note: 'replayed' }), doc('b', 2, { note: 'replayed' })]);
      expect(await load('a', 'b')).to.deep.equal(before);
      expect((await store.checkpoint(generation)).commits).to.equal(2);
    });

    it('never writes an older document over a newer one, and still writes the rest of the batch', async function () {
      await commitEntries(store, generation, [doc('a', 5, { note: 'newer' })]);
      // The stale write comes first: FerretDB stops an update batch at its first error, so the
      // others get written only by applying them again one at a time.
      await commitEntries(store, generation, [doc('a', 3, { note: 'older' }), doc('b', 6), doc('c', 7)], { checkpoint: at(7) });
      expect(await bodies('a', 'b', 'c')).to.deep.equal([{ id: 'a', n: 5, note: 'newer' }, { id: 'b', n: 6 }, { id: 'c', n: 7 }]);
    });

    it('writes every newer document of a batch whatever the order of the stale ones', async function () {
      await commitEntries(store, generation, [doc('b', 10), doc('d', 11)]);
      await commitEntries(store, generation, [doc('a', 12), doc('b', 2), doc('c', 13), doc('d', 3), doc('e', 14)]);
      expect((await bodies('a', 'b', 'c', 'd', 'e')).map((body) => body?.n)).to.deep.equal([12, 10, 13, 11, 14]);
    });

    it('keeps a tombstone against an older write of the same document', async function () {
      await commitEntries(store, generation, [doc('a', 1)]);
      await commitEntries(store, generation, [{ id: 'a', body: null, position: at(4) }]);
      await commitEntries(store, generation, [doc('a', 2)]);
      expect((await load('a')).get('a')).to.deep.include({ body: null, position: at(4) });
    });

    it('fails a batch on any error but a duplicate key, and leaves the checkpoint where it was', async function () {
      await commitEntries(store, generation, [doc('a', 1)]);
      const before = await store.checkpoint(generation);
      const tooBig = { id: 'big', body: { id: 'big', text: 'x'.repeat(17 * 1024 * 1024) }, position: at(2) };
      const error = await rejectionOf(store.commit(generation, batchOf('items', [tooBig], { basedOn: 1 })));
      expect(error).to.be.instanceOf(ReadModelStoreError);
      expect(await store.checkpoint(generation)).to.deep.equal(before);
    });

    it('refuses positions that do not fit a signed 64-bit integer instead of wrapping them', async function () {
      const error = await rejectionOf(store.commit(generation, batchOf('items', [{ id: 'a', body: { id: 'a' }, position: position(2n ** 63n) }], { basedOn: 0 })));
      expect(error).to.be.instanceOf(ReadModelStoreError).with.property('message').that.matches(/64-bit/);
      expect((await load('a')).size).to.equal(0);
    });

    it('refuses a search target with a clear error', async function () {
      const search = { projection: uniqueProjection(storeTarget('search')), generation: 1 };
      const error = await rejectionOf(store.prepare(search));
      expect(error).to.be.instanceOf(ReadModelStoreError).with.property('message').that.matches(/documents targets only/);
    });
  });
});
