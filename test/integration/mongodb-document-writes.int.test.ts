import { expect } from 'chai';
import type { Collection } from 'mongodb';
import type { DocumentRecord } from '../../src/adapters/mongodb/document-record.js';
import { storedDocumentOf } from '../../src/adapters/mongodb/document-record.js';
import { writeDocuments, type DocumentWritePath } from '../../src/adapters/mongodb/document-writes.js';
import type { StoredDocument } from '../../src/core/ports/read-model-store.js';
import { position } from '../../src/core/position.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoDB document writes', [mongodbServer], (engine, server) => {
  // Both paths run on any server: the store picks `guarded` on MongoDB and `read-first` on FerretDB.
  for (const kind of ['guarded', 'read-first'] as const) {
    describe(`${engine}: writeDocuments (${kind})`, function () {
      let dispose: () => Promise<void>;
      let collection: Collection<DocumentRecord>;
      const path: DocumentWritePath = { kind, updatesPerCommand: 50 };
      const doc = (id: string, n: number, note = ''): StoredDocument => ({ id, body: { id, n, note }, position: position(BigInt(n)), late: [] });
      const stored = async () => (await collection.find({}).sort({ _id: 1 }).toArray()).map(storedDocumentOf).map((d) => `${d.id}@${d.position.commit}${d.body?.note ?? ''}`);

      beforeEach(async function () {
        let database;
        ({ database, dispose } = await server.open());
        collection = database.db.collection<DocumentRecord>('items');
      });

      afterEach(async function () {
        await dispose();
      });

      it('writes new documents and newer versions, and nothing over a document at or past its position', async function () {
        await writeDocuments(collection, [doc('a', 5), doc('b', 5), doc('c', 5)], path);
        await writeDocuments(collection, [doc('a', 3, '!'), doc('b', 5, '!'), doc('c', 6, '+'), doc('d', 1, '+')], path);
        expect(await stored()).to.deep.equal(['a@5', 'b@5', 'c@6+', 'd@1+']);
      });

      it('writes the rest of a batch whose first write is stale (the E11000 that FerretDB stops at)', async function () {
        await writeDocuments(collection, [doc('a', 9)], path);
        await writeDocuments(collection, [doc('a', 2, '!'), doc('b', 3, '+'), doc('c', 4, '+')], path);
        expect(await stored()).to.deep.equal(['a@9', 'b@3+', 'c@4+']);
      });

      it('changes nothing when the same batch is written twice', async function () {
        const batch = [doc('a', 1), doc('b', 2), doc('c', 3)];
        await writeDocuments(collection, batch, path);
        const before = await collection.find({}).sort({ _id: 1 }).toArray();
        await writeDocuments(collection, batch.map((d) => ({ ...d, body: { ...d.body, note: 'again' } })), path);
        expect(await collection.find({}).sort({ _id: 1 }).toArray()).to.deep.equal(before);
      });

      it('writes more updates than one FerretDB command takes (it hangs at 100), stale ones among them', async function () {
        const ids = Array.from({ length: 230 }, (_, n) => `d${String(n).padStart(3, '0')}`);
        await writeDocuments(collection, ids.map((id, n) => ({ ...doc(id, 10), body: { n } })), path);
        await writeDocuments(collection, ids.map((id, n) => ({ ...doc(id, n % 3 === 0 ? 5 : 20), body: { n, newer: true } })), path);
        const found = await collection.find({}).toArray();
        expect(found).to.have.length(230);
        for (const [n, record] of found.sort((a, b) => a._id.localeCompare(b._id)).entries()) {
          expect(record.body, record._id).to.deep.equal(n % 3 === 0 ? { n } : { n, newer: true });
        }
      });
    });
  }
});
