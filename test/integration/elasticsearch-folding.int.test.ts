import { Client } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { detectFolding } from '../../src/adapters/elasticsearch/detect-folding.js';
import { ElasticsearchReadModelStore } from '../../src/adapters/elasticsearch/elasticsearch-read-model-store.js';
import { ElasticsearchSearchQueries } from '../../src/adapters/elasticsearch/elasticsearch-search-queries.js';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { SearchQuery } from '../../src/core/ports/search-queries.js';
import { position } from '../../src/core/position.js';
import { commitEntries, uniqueProjection } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { elasticsearchFoldingReadModels, elasticsearchReadModels, type ElasticsearchAdapters } from '../engines/elasticsearch-engines.js';

/** Who folds accents and case, as each index records it: its readers must search it the way it was written. */
describeEachEngine('text folding', [elasticsearchReadModels, elasticsearchFoldingReadModels], (engine, fixture) => {
  describe(`${engine}: text folding`, function () {
    let adapters: ElasticsearchAdapters;
    let projection: ReturnType<typeof uniqueProjection>;
    const generation = (n: number): Generation => ({ projection, generation: n });
    const indexOf = (n: number) => `${adapters.prefix}${projection.name.toLowerCase()}-g${n}`;
    const write = (n: number, bodies: JsonObject[]) =>
      commitEntries(adapters.store, generation(n), bodies.map((body, i) => ({ id: String(body.id), body, position: position(BigInt(i + 1)) })));
    const query = (text: string): SearchQuery => ({ text, from: 0, size: 10 });
    const ids = async (search: ElasticsearchSearchQueries, n: number, text: string) => (await search.search(generation(n), query(text))).hits.map((hit) => hit.id);
    const desserts = [
      { id: 'brulee', name: 'Crème brûlée', note: "o'Neil's" },
      { id: 'cafe', name: 'Café au lait', note: 'name:keyboard' },
    ];

    beforeEach(async function () {
      adapters = await fixture.open();
      projection = uniqueProjection({ kind: 'search', collection: 'items', fields: { name: { type: 'text', boost: 2 }, note: { type: 'text' } } });
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('records its folding in the index, and copies text fields folded only where JavaScript folds them', async function () {
      await adapters.store.prepare(generation(1));
      const { mappings, settings } = (await adapters.client.indices.get({ index: indexOf(1) }))[indexOf(1)]!;
      expect(mappings?._meta?.folding).to.equal(adapters.folding);
      const internal = mappings?.properties?._pj as { properties?: Record<string, unknown> } | undefined;
      const name = mappings?.properties?.name as { analyzer?: string };
      if (adapters.folding === 'engine') {
        expect(internal?.properties).to.not.have.property('folded');
        expect(name.analyzer).to.equal('pj_folding');
        expect(settings?.index?.analysis?.analyzer).to.have.property('pj_folding');
      } else {
        expect(internal?.properties).to.have.property('folded');
        expect(name.analyzer).to.equal('standard');
      }
    });

    it('is searched the way it was made by a client that never saw it created', async function () {
      await write(1, desserts);
      const client = new Client({ node: process.env.ELASTICSEARCH_URL!, requestTimeout: 30_000 });
      try {
        const search = new ElasticsearchSearchQueries({ client, prefix: adapters.prefix });
        expect(await ids(search, 1, 'creme BRULEE')).to.deep.equal(['brulee']);
        expect(await ids(search, 1, 'cafe')).to.deep.equal(['cafe']);
        expect(await ids(search, 1, 'neil')).to.deep.equal(['brulee']);
        expect(await ids(search, 1, 'keyboard')).to.deep.equal(['cafe']);
      } finally {
        await client.close();
      }
    });

    if (fixture.folding === 'javascript') {
      it('searches an index made before the folding was recorded as one folded in JavaScript', async function () {
        await write(1, desserts);
        await adapters.client.indices.putMapping({ index: indexOf(1), _meta: { projection: projection.name, generation: 1 } });
        const client = new Client({ node: process.env.ELASTICSEARCH_URL!, requestTimeout: 30_000 });
        try {
          expect(await ids(new ElasticsearchSearchQueries({ client, prefix: adapters.prefix }), 1, 'creme')).to.deep.equal(['brulee']);
        } finally {
          await client.close();
        }
      });
    } else {
      it('keeps the folding an index was made with when a store of the other folding writes to it, and searches each generation in its own', async function () {
        const javascript = new ElasticsearchReadModelStore({ client: adapters.client, prefix: adapters.prefix, folding: 'javascript' });
        await commitEntries(javascript, generation(1), [{ id: 'brulee', body: desserts[0]!, position: position(1n) }]);
        await commitEntries(adapters.store, generation(1), [{ id: 'cafe', body: desserts[1]!, position: position(2n) }]);
        await write(2, desserts);
        const search = adapters.search as ElasticsearchSearchQueries;
        expect((await adapters.client.indices.getMapping({ index: indexOf(1) }))[indexOf(1)]?.mappings._meta?.folding).to.equal('javascript');
        expect(await ids(search, 1, 'cafe creme')).to.have.members(['brulee', 'cafe']);
        expect(await ids(search, 2, 'cafe creme')).to.have.members(['brulee', 'cafe']);
      });
    }

    it('creates indexes in the folding the node allows when none is chosen', async function () {
      const store = new ElasticsearchReadModelStore({ client: adapters.client, prefix: adapters.prefix });
      await store.prepare(generation(3));
      const recorded = (await adapters.client.indices.getMapping({ index: indexOf(3) }))[indexOf(3)]?.mappings._meta?.folding;
      expect(recorded).to.equal(await detectFolding(adapters.client));
    });
  });
});
