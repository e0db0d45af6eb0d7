import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { expect } from 'chai';
import type { Generation } from '../../src/core/projections/generation.js';
import { ReadModelStoreError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, storeTarget, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { elasticsearchReadModels, type ElasticsearchAdapters } from '../engines/elasticsearch-engines.js';

/** External versions: what makes a non-transactional store safe to replay into. */
describeEachEngine('versioned writes', [elasticsearchReadModels], (engine, fixture) => {
  describe(`${engine}: versioned writes`, function () {
    let adapters: ElasticsearchAdapters;
    let generation: Generation;
    const entry = (id: string, at: bigint, title: string, prepare = at): Entry => ({ id, body: { id, title, rank: 1 }, position: position(at, prepare) });
    const commit = (entries: readonly Entry[]) => commitEntries(adapters.store, generation, entries);
    const loaded = async (id: string) => (await adapters.store.load(generation, 'items', [id])).get(id);
    const found = async (text: string) => (await adapters.search.search(generation, { text, from: 0, size: 10 })).hits.map((hit) => hit.id);

    beforeEach(async function () {
      adapters = await fixture.open();
      generation = { projection: uniqueProjection(storeTarget('search')), generation: 1 };
      await adapters.store.prepare(generation);
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('changes nothing when a batch is replayed', async function () {
      const batch = [entry('a', 10n, 'first apple'), entry('b', 11n, 'first banana')];
      await commit(batch);
      const before = await adapters.store.load(generation, 'items', ['a', 'b']);
      await commit(batch);
      expect(await adapters.store.load(generation, 'items', ['a', 'b'])).to.deep.equal(before);
      expect((await found('first')).sort()).to.deep.equal(['a', 'b']);
      expect((await adapters.store.checkpoint(generation)).commits).to.equal(2);
    });

    it('counts the 409 of an older document as applied, and writes the rest of the batch', async function () {
      await commit([entry('a', 20n, 'newer apple')]);
      await commit([entry('a', 19n, 'older apple'), entry('b', 21n, 'banana')]);
      expect((await loaded('a'))?.body).to.deep.equal({ id: 'a', title: 'newer apple', rank: 1 });
      expect((await loaded('a'))?.position).to.deep.equal(position(20n));
      expect((await loaded('b'))?.position).to.deep.equal(position(21n));
      expect(await found('older')).to.deep.equal([]);
      expect((await adapters.store.checkpoint(generation)).commits).to.equal(2);
    });

    it('keeps the order of positions beyond 2^53, where JS numbers would make them equal', async function () {
      const older = 2n ** 62n + 1n;
      const newer = 2n ** 62n + 2n;
      expect(Number(older)).to.equal(Number(newer));
      await commit([entry('a', newer, 'newer apple')]);
      await commit([entry('a', older, 'older apple')]);
      expect((await loaded('a'))?.body?.title).to.equal('newer apple');
      // The raw response, since JSON.parse would round the version as well.
      const index = `${adapters.prefix}${generation.projection.name.toLowerCase()}-g1`;
      const raw = await adapters.client.transport.request<Readable>({ method: 'GET', path: `/${index}/_doc/a` }, { asStream: true });
      expect(await text(raw)).to.include(`"_version":${newer}`);
    });

    it('lets a later event of the same commit (a greater prepare) overwrite the document', async function () {
      await commit([entry('a', 30n, 'first of the append', 25n)]);
      await commit([entry('a', 30n, 'second of the append', 27n)]);
      expect(await loaded('a')).to.deep.equal({ id: 'a', body: { id: 'a', title: 'second of the append', rank: 1 }, position: position(30n, 27n), late: [] });
    });

    it('takes a parked event applied late, which leaves the document at its position', async function () {
      await commit([entry('a', 60n, 'apple')]);
      const late: Entry = { id: 'a', body: { id: 'a', title: 'apple with a late event', rank: 2 }, position: position(60n), late: [position(55n)] };
      await commit([late]);
      expect(await loaded('a')).to.deep.equal({ id: 'a', body: late.body, position: position(60n), late: [position(55n)] });
    });

    it('never resurrects a deleted document when the write before the delete is replayed', async function () {
      const created = entry('a', 40n, 'doomed apple');
      await commit([created]);
      await commit([{ id: 'a', body: null, position: position(41n) }]);
      await commit([created]);
      expect(await loaded('a')).to.deep.equal({ id: 'a', body: null, position: position(41n), late: [] });
      expect(await found('doomed')).to.deep.equal([]);
    });

    it('fails the batch and keeps the checkpoint when an item fails for any reason but its version', async function () {
      generation = { projection: uniqueProjection({ kind: 'search', collection: 'items', fields: { title: { type: 'text' }, tag: { type: 'keyword' } } }), generation: 1 };
      await adapters.store.prepare(generation);
      await commit([entry('a', 50n, 'fine')]);
      const malformed = { id: 'b', body: { id: 'b', title: 'broken', tag: { not: 'a keyword' } }, position: position(51n) };
      const error = await rejectionOf(adapters.store.commit(generation, batchOf('items', [malformed], { basedOn: 1 })));
      expect(error).to.be.instanceOf(ReadModelStoreError);
      expect(error.message).to.match(/document_parsing_exception|mapper_parsing_exception/);
      expect(await adapters.store.checkpoint(generation)).to.deep.equal({ position: position(50n), commits: 1 });
    });

    it('refuses a commit position beyond 2^63 - 1, the largest Elasticsearch version', async function () {
      const error = await rejectionOf(commit([entry('a', 2n ** 63n, 'too far')]));
      expect(error).to.be.instanceOf(ReadModelStoreError);
      expect(error.message).to.include('does not fit an Elasticsearch version');
      expect((await adapters.store.checkpoint(generation)).commits).to.equal(0);
    });
  });
});
