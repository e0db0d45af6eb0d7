/**
 * Smoke test of Elasticsearch 8.x through the official client @elastic/elasticsearch@8: the node from
 * test/engines/elasticsearch.sh (Maven Central jars, no painless/reindex modules, stand-ins for rest-root and analysis-common) or any
 * 8.x server at ELASTICSEARCH_URL. Covers what the search projection needs: external versions, fuzzy
 * multi_match, filters, sorting and paging, and an alias swap.
 */
import { expect } from 'chai';
import { Client, errors, type estypes } from '@elastic/elasticsearch';
import { describeEachEngine, type Engine } from '../engine-matrix.js';

interface Fixture { readonly url: string }
interface Product { name: string; description: string; sku: string; category: string; price: number; updatedAt: string }

const elasticsearch: Engine<Fixture> = {
  name: 'elasticsearch',
  unavailable: () => (process.env.ELASTICSEARCH_URL ? undefined : 'ELASTICSEARCH_URL is not set'),
  fixture: () => ({ url: process.env.ELASTICSEARCH_URL ?? '' }),
};

const products: [string, Product][] = [
  ['p1', { name: 'Mechanical Keyboard', description: 'Clicky switches for typing', sku: 'KB-1', category: 'input', price: 89.5, updatedAt: '2024-03-01T10:00:00Z' }],
  ['p2', { name: 'Wireless Mouse', description: 'Quiet mouse with a keyboard-friendly scroll', sku: 'MS-1', category: 'input', price: 25, updatedAt: '2024-03-02T10:00:00Z' }],
  ['p3', { name: 'Noise Cancelling Headphones', description: 'Over-ear, long battery', sku: 'HP-1', category: 'audio', price: 199.99, updatedAt: '2024-03-03T10:00:00Z' }],
  ['p4', { name: 'Keyboard Cover', description: 'Silicone cover for a laptop keyboard', sku: 'KC-1', category: 'accessory', price: 9.99, updatedAt: '2024-03-04T10:00:00Z' }],
  ['p5', { name: 'USB Microphone', description: 'Podcast microphone', sku: 'MC-1', category: 'audio', price: 59, updatedAt: '2024-03-05T10:00:00Z' }],
];

const externalOps = (index: string, version: number, docs: [string, Product][]): (estypes.BulkOperationContainer | Product)[] =>
  docs.flatMap(([_id, doc]) => [{ index: { _index: index, _id, version, version_type: 'external' as const } }, doc]);

const ids = (res: estypes.SearchResponse<Product>): string[] => res.hits.hits.map((h) => h._id ?? '');

describeEachEngine('smoke', [elasticsearch], (engine, { url }) => {
  describe(`${engine}: smoke (@elastic/elasticsearch)`, () => {
    const client = new Client({ node: url, requestTimeout: 30_000 });
    const prefix = `smoke-${process.pid}-${Date.now().toString(36)}`;
    const [v1, v2, alias] = [`${prefix}-v1`, `${prefix}-v2`, `${prefix}-live`];
    const settings = { number_of_shards: 1, number_of_replicas: 0 };
    const mappings = {
      dynamic: 'strict' as const,
      properties: {
        name: { type: 'text' as const, analyzer: 'standard' },
        description: { type: 'text' as const, analyzer: 'standard' },
        sku: { type: 'keyword' as const },
        category: { type: 'keyword' as const },
        price: { type: 'float' as const },
        updatedAt: { type: 'date' as const },
      },
    };

    after(async () => {
      await client.indices.delete({ index: [v1, v2], ignore_unavailable: true }).catch(() => undefined);
      await client.close();
    });

    it('creates an index with text, keyword, float and date mappings', async () => {
      expect((await client.info()).version.number).to.match(/^8\./);
      expect((await client.indices.create({ index: v1, settings, mappings })).acknowledged).to.equal(true);
      const properties = (await client.indices.getMapping({ index: v1 }))[v1]?.mappings.properties;
      expect(Object.fromEntries(Object.entries(properties ?? {}).map(([k, p]) => [k, p.type]))).to.deep.equal({
        name: 'text', description: 'text', sku: 'keyword', category: 'keyword', price: 'float', updatedAt: 'date',
      });
    });

    it('bulk-indexes with external versions and refresh wait_for; a stale version is a per-item 409', async () => {
      const res = await client.bulk({ operations: externalOps(v1, 3, products), refresh: 'wait_for' });
      expect(res.errors).to.equal(false);
      expect(res.items.map((i) => [i.index?.status, i.index?._version])).to.deep.equal(Array(5).fill([201, 3]));
      expect((await client.count({ index: v1 })).count).to.equal(5); // visible at once, thanks to wait_for

      const [[, p1], [, p2]] = products as [[string, Product], [string, Product]];
      const stale = await client.bulk({
        refresh: 'wait_for',
        operations: [
          ...externalOps(v1, 2, [['p1', { ...p1, name: 'STALE' }]]),
          ...externalOps(v1, 7, [['p2', { ...p2, price: 19 }]]),
        ],
      });
      expect(stale.errors).to.equal(true);
      const [a, b] = stale.items.map((i) => i.index);
      expect([a?.status, a?.error?.type]).to.deep.equal([409, 'version_conflict_engine_exception']);
      expect([b?.status, b?._version]).to.deep.equal([200, 7]);
      expect((await client.get<Product>({ index: v1, id: 'p1' }))._source?.name).to.equal('Mechanical Keyboard');
    });

    it('finds a one-typo word with multi_match over name^2 and description, fuzziness AUTO', async () => {
      const res = await client.search<Product>({
        index: v1,
        query: { multi_match: { query: 'keybaord', fields: ['name^2', 'description'], fuzziness: 'AUTO' } },
      });
      expect(ids(res).slice(0, 2).sort()).to.deep.equal(['p1', 'p4']); // name matches rank above description-only p2
      expect(ids(res)).to.include('p2');
    });

    it('filters with bool term + range, sorts by _score then date, pages with from/size and counts total hits', async () => {
      const filtered = await client.search<Product>({
        index: v1,
        query: { bool: { filter: [{ term: { category: 'input' } }, { range: { price: { gte: 10, lte: 100 } } }] } },
      });
      expect(ids(filtered).sort()).to.deep.equal(['p1', 'p2']);

      const page = (from: number) => client.search<Product>({
        index: v1,
        query: { bool: { filter: [{ range: { updatedAt: { gte: '2024-03-01', lt: '2024-04-01' } } }] } }, // equal scores
        sort: [{ _score: { order: 'desc' } }, { updatedAt: { order: 'desc' } }],
        track_total_hits: true,
        from,
        size: 2,
      });
      const pages = await Promise.all([page(0), page(2), page(4)]);
      expect(pages[0].hits.total).to.deep.equal({ value: 5, relation: 'eq' });
      expect(pages.flatMap(ids)).to.deep.equal(['p5', 'p4', 'p3', 'p2', 'p1']);
    });

    it('swaps an alias with remove + add in one updateAliases call', async () => {
      await client.indices.updateAliases({ actions: [{ add: { index: v1, alias } }] });
      await client.indices.create({ index: v2, settings, mappings });
      await client.bulk({ operations: externalOps(v2, 10, products.slice(0, 2)), refresh: 'wait_for' });
      expect((await client.count({ index: alias })).count).to.equal(5);
      const res = await client.indices.updateAliases({
        actions: [{ remove: { index: v1, alias } }, { add: { index: v2, alias, is_write_index: true } }],
      });
      expect(res.acknowledged).to.equal(true);
      expect(Object.keys(await client.indices.getAlias({ name: alias }))).to.deep.equal([v2]);
      expect((await client.count({ index: alias })).count).to.equal(2);
    });

    it('indexes and deletes documents with refresh wait_for, then deletes the indices', async () => {
      const [, p5] = products[4] as [string, Product];
      await client.index({ index: alias, id: 'p9', document: p5, version: 11, version_type: 'external', refresh: 'wait_for' });
      expect((await client.count({ index: v2 })).count).to.equal(3); // written through the alias to its write index
      expect((await client.delete({ index: v2, id: 'p1', version: 12, version_type: 'external', refresh: 'wait_for' })).result).to.equal('deleted');
      expect((await client.count({ index: alias })).count).to.equal(2);
      const missing = await client.get({ index: v2, id: 'p1' }).then(() => undefined, (e: unknown) => e);
      expect(missing).to.be.instanceOf(errors.ResponseError);
      expect((missing as InstanceType<typeof errors.ResponseError>).meta.statusCode).to.equal(404);
      expect((await client.indices.delete({ index: [v1, v2] })).acknowledged).to.equal(true);
      expect(await client.indices.exists({ index: alias })).to.equal(false);
    });
  });
});
