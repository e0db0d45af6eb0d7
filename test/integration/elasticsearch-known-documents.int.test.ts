import { expect } from 'chai';
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchReadModelStore } from '../../src/adapters/elasticsearch/elasticsearch-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { CheckpointMovedError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, storeTarget, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { elasticsearchReadModels, type ElasticsearchAdapters } from '../engines/elasticsearch-engines.js';

/**
 * A search generation built from zero in one process: the store knows every document it wrote,
 * so a rebuild never asks the node for documents that cannot exist, and batches skip looking
 * for documents to load while it holds none; the knowledge goes as soon as it may be wrong.
 */
describeEachEngine('Elasticsearch known documents', [elasticsearchReadModels], (engine, fixture) => {
  describe(`${engine}: a search generation built from zero`, function () {
    const at = (n: number) => position(BigInt(n));
    const doc = (id: string, n: number, by = 'first'): Entry => ({ id, body: { id, title: `${by} ${id}`, rank: n }, position: at(n) });
    let adapters: ElasticsearchAdapters;
    let generation: Generation;
    let clients: Client[];
    /** The ids of every `_mget` the stores sent for the generation's documents. */
    let asked: string[][];

    /** A process of its own: a store on a client no other store shares, watched for the documents it asks for. */
    const openProcess = async () => {
      const client = new Client({ node: process.env.ELASTICSEARCH_URL!, requestTimeout: 30_000 });
      clients.push(client);
      client.diagnostic.on('request', (_error, event) => {
        const params = event?.meta.request.params;
        if (params?.path.endsWith('/_mget')) asked.push((JSON.parse(String(params.body)) as { ids: string[] }).ids);
      });
      const store = new ElasticsearchReadModelStore({ client, prefix: adapters.prefix, folding: adapters.folding });
      await store.prepare(generation);
      return store;
    };
    const bodies = async (store: ElasticsearchReadModelStore, ...ids: string[]) => {
      const found = await store.load(generation, 'items', ids);
      return ids.map((id) => found.get(id)?.body);
    };

    beforeEach(async function () {
      adapters = await fixture.open();
      clients = [];
      asked = [];
      generation = { projection: uniqueProjection(storeTarget('search')), generation: 1 };
    });

    afterEach(async function () {
      for (const client of clients) await client.close();
      await adapters.close();
    });

    it('asks the node only for documents it wrote, and says it holds none until it writes one', async function () {
      const store = await openProcess();
      expect(store.knownEmpty(generation)).to.equal(true);
      expect(await bodies(store, 'a', 'b')).to.deep.equal([undefined, undefined]);
      expect(asked).to.deep.equal([]);
      await commitEntries(store, generation, [doc('a', 1), doc('b', 2)]);
      expect(store.knownEmpty(generation)).to.equal(false);
      expect(await bodies(store, 'a', 'b', 'c')).to.deep.equal([doc('a', 1).body, doc('b', 2).body, undefined]);
      expect(asked).to.deep.equal([['a', 'b']]);
    });

    it('knows nothing after a restart, and asks for every document', async function () {
      await commitEntries(await openProcess(), generation, [doc('a', 5)]);
      const after = await openProcess();
      expect(after.knownEmpty(generation)).to.equal(false);
      asked = [];
      expect(await bodies(after, 'a', 'b')).to.deep.equal([doc('a', 5).body, undefined]);
      expect(asked).to.deep.equal([['a', 'b']]);
    });

    it('refuses a commit once another process committed, then reads what that one wrote', async function () {
      const mine = await openProcess();
      const other = await openProcess();
      await commitEntries(other, generation, [doc('a', 5, 'other')]);
      // Still sure that nothing exists: no question to the node, and a wrong answer the commit must not act on.
      expect(await bodies(mine, 'a')).to.deep.equal([undefined]);
      const stale = batchOf('items', [doc('a', 7, 'nothing')], { basedOn: 1 });
      expect(await rejectionOf(mine.commit(generation, stale))).to.be.instanceOf(CheckpointMovedError);
      expect(mine.knownEmpty(generation)).to.equal(false);
      await mine.prepare(generation);
      expect(await bodies(mine, 'a')).to.deep.equal([doc('a', 5, 'other').body]);
    });

    it('knows a truncated generation empty again', async function () {
      const store = await openProcess();
      await commitEntries(store, generation, [doc('a', 1)]);
      await store.truncate(generation);
      expect(store.knownEmpty(generation)).to.equal(true);
      asked = [];
      expect(await bodies(store, 'a')).to.deep.equal([undefined]);
      expect(asked).to.deep.equal([]);
    });
    it('knows nothing of a partitioned generation, which other processes write, even when it prepared it whole on an empty index', async function () {
      generation = { projection: { ...uniqueProjection(storeTarget('search')), partitions: 2 }, generation: 1 };
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
