import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { printTable, ratio } from '../support/report.js';
import { cachedEvents } from '../support/cached-events.js';
import { runChild } from '../support/run-child.js';
import { scratch } from '../support/scratch.js';

const DOCUMENT_PROJECTIONS = 'OrderView,ArticleListView,ArticleDetailView,AuthorStatsView,ProductView';

/**
 * Rebuilds into the real engines: the five documents read models into MongoDB (FerretDB here),
 * ProductSearch into Elasticsearch. The limit, measured in the same run: the same final
 * documents bulk-loaded into the same engine by a bare loop (insertMany; the bulk API), with
 * no events, no guards and no checkpoints. Needs MONGODB_URL and ELASTICSEARCH_URL
 * (`eval "$(test/engines/start.sh)"`). Sizes: BENCH_MONGODB_EVENTS (default 20,000: FerretDB
 * answers any read but a bare `_id` by scanning the collection, so its reads grow with the
 * collection) and BENCH_SEARCH_EVENTS (default 1,000,000: one event in ten is a product's).
 * MongoDB runs with config/docker.json's catch-up batches of 20,000 events; Elasticsearch with
 * batches of 100,000, a rebuild's setting (PROJECTIONS_CATCH_UP_BATCH_SIZE): each batch rewrites
 * every product it touches, so fewer batches mean fewer versions of each document to index.
 * Both rebuild timings include reading and filtering the events, which the limit does not do.
 */
export async function enginesBenchmark(): Promise<void> {
  const mongoUrl = process.env.MONGODB_URL;
  const elasticsearchUrl = process.env.ELASTICSEARCH_URL;
  if (!mongoUrl || !elasticsearchUrl) {
    console.log('\nEngines: skipped, MONGODB_URL and ELASTICSEARCH_URL are not both set (eval "$(test/engines/start.sh)")');
    return;
  }
  const dir = scratch('engines');
  const unique = randomBytes(4).toString('hex');
  const engines = { PROJECTIONS_CATCH_UP_BATCH_SIZE: '20000', READ_MODELS_DOCUMENTS: 'mongodb', READ_MODELS_SEARCH: 'elasticsearch', MONGODB_URL: mongoUrl, ELASTICSEARCH_URL: elasticsearchUrl };

  const database = `bench_${unique}`;
  const mongoEvents = await cachedEvents(Number(process.env.BENCH_MONGODB_EVENTS ?? 20_000));
  const intoMongo = runChild('rebuild/projectionist-rebuild.ts', [mongoEvents, join(dir, 'unused.db'), DOCUMENT_PROJECTIONS], { ...engines, MONGODB_DATABASE: database, ELASTICSEARCH_PREFIX: `bench-${unique}-` });
  const mongoLimit = await bulkLoadMongo(mongoUrl, database, `${database}_bare`);

  const prefix = `bench-${unique}-search-`;
  const searchEvents = await cachedEvents(Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000));
  const intoElasticsearch = runChild('rebuild/projectionist-rebuild.ts', [searchEvents, join(dir, 'registry.db'), 'ProductSearch'], { PROJECTIONS_CATCH_UP_BATCH_SIZE: '100000', READ_MODELS_SEARCH: 'elasticsearch', ELASTICSEARCH_URL: elasticsearchUrl, ELASTICSEARCH_PREFIX: prefix });
  const elasticsearchLimit = await bulkLoadElasticsearch(elasticsearchUrl, `${prefix}productsearch-g1`, `${prefix}bare`);

  const mongoOurs = mongoLimit.documents / intoMongo.seconds;
  const elasticsearchOurs = elasticsearchLimit.documents / intoElasticsearch.seconds;
  printTable('Rebuild into the real engines (final documents per second)', [
    {
      label: 'projectionist into MongoDB (FerretDB)',
      perSecond: mongoOurs,
      unit: 'documents/s',
      note: `${mongoLimit.documents} documents from ${intoMongo.handled} events in ${intoMongo.seconds.toFixed(1)} s; ${ratio(mongoOurs, mongoLimit.perSecond)} the limit (target 0.5x)`,
    },
    { label: 'bare insertMany of the same documents', perSecond: mongoLimit.perSecond, unit: 'documents/s' },
    {
      label: 'projectionist into Elasticsearch',
      perSecond: elasticsearchOurs,
      unit: 'documents/s',
      note: `${elasticsearchLimit.documents} documents from ${intoElasticsearch.handled} events in ${intoElasticsearch.seconds.toFixed(1)} s; ${ratio(elasticsearchOurs, elasticsearchLimit.perSecond)} the limit (target 0.5x)`,
    },
    { label: 'bare bulk API, same documents', perSecond: elasticsearchLimit.perSecond, unit: 'documents/s' },
  ]);
}

/** Copies every document of the rebuilt database into fresh collections with insertMany, timing only the inserts. */
async function bulkLoadMongo(url: string, from: string, to: string): Promise<{ documents: number; perSecond: number }> {
  const client = await new MongoClient(url, { useBigInt64: true }).connect();
  try {
    const source = client.db(from);
    const names = (await source.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((name) => name.includes('__g'));
    const copies: [string, Document[]][] = [];
    for (const name of names) copies.push([name, await source.collection(name).find({ body: { $ne: null } }).toArray()]);
    const documents = copies.reduce((sum, [, docs]) => sum + docs.length, 0);
    const started = performance.now();
    for (const [name, docs] of copies) {
      for (let i = 0; i < docs.length; i += 1_000) await client.db(to).collection(name).insertMany(docs.slice(i, i + 1_000), { ordered: false });
    }
    const seconds = (performance.now() - started) / 1000;
    await source.dropDatabase();
    await client.db(to).dropDatabase();
    return { documents, perSecond: documents / seconds };
  } finally {
    await client.close();
  }
}

/** Copies every document of the rebuilt index into a fresh index (same mapping) with the bulk API: creating the index and the refresh at the end count, as they do in a rebuild. */
async function bulkLoadElasticsearch(url: string, from: string, to: string): Promise<{ documents: number; perSecond: number }> {
  const client = new Client({ node: url });
  try {
    await client.indices.refresh({ index: from });
    const mapping = (await client.indices.getMapping({ index: from }))[from]!.mappings;
    const hits: { _id?: string; _source?: unknown }[] = [];
    for await (const page of client.helpers.scrollSearch({ index: from, size: 5_000, query: { match_all: {} } })) hits.push(...page.body.hits.hits);
    const started = performance.now();
    await client.indices.create({ index: to, mappings: mapping, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    for (let i = 0; i < hits.length; i += 1_000) {
      const operations = hits.slice(i, i + 1_000).flatMap((hit) => [{ index: { _index: to, _id: hit._id } }, hit._source as object]);
      await client.bulk({ operations });
    }
    await client.indices.refresh({ index: to });
    const seconds = (performance.now() - started) / 1000;
    const indexes = Object.keys(await client.indices.get({ index: `${from.slice(0, from.lastIndexOf('-search-') + 8)}*` }));
    await client.indices.delete({ index: indexes });
    return { documents: hits.length, perSecond: hits.length / seconds };
  } finally {
    await client.close();
  }
}
