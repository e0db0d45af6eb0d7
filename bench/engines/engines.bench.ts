import { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { IndexFoldings } from '../../src/adapters/elasticsearch/index-foldings.js';
import { searchDocuments } from '../../src/adapters/elasticsearch/search-documents.js';
import { searchIndexMapping } from '../../src/adapters/elasticsearch/search-index-mapping.js';
import { searchTargetOf } from '../../src/adapters/elasticsearch/search-target-of.js';
import type { JsonObject } from '../../src/core/events.js';
import { ProductSearch } from '../../projections/index.js';
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
 * (`eval "$(test/engines/start.sh)"`). Sizes: BENCH_MONGODB_EVENTS (default 20,000, and a tenth
 * of it beside, to show how the rate changes as the collections grow: FerretDB 1.24 answers
 * every `_id` query, updates included, by scanning the collection) and BENCH_SEARCH_EVENTS
 * (default 1,000,000: one event in ten is a product's).
 * MongoDB runs with config/docker.json's catch-up batches of 20,000 events; Elasticsearch with
 * batches of 100,000 (BENCH_SEARCH_BATCH), a rebuild's setting (PROJECTIONS_CATCH_UP_BATCH_SIZE): each batch rewrites
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

  const mongoSize = Number(process.env.BENCH_MONGODB_EVENTS ?? 20_000);
  const small = await rebuildIntoMongo(mongoSize / 10, `bench_${unique}_small`);
  const { run: intoMongo, limit: mongoLimit } = await rebuildIntoMongo(mongoSize, `bench_${unique}`);

  const prefix = `bench-${unique}-search-`;
  const searchEvents = await cachedEvents(Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000));
  const intoElasticsearch = runChild('rebuild/projectionist-rebuild.ts', [searchEvents, join(dir, 'registry.db'), 'ProductSearch'], { PROJECTIONS_CATCH_UP_BATCH_SIZE: process.env.BENCH_SEARCH_BATCH ?? '100000', READ_MODELS_SEARCH: 'elasticsearch', ELASTICSEARCH_URL: elasticsearchUrl, ELASTICSEARCH_PREFIX: prefix });
  const elasticsearchLimit = await bulkLoadElasticsearch(elasticsearchUrl, `${prefix}productsearch-g1`, `${prefix}bare`);

  const mongoOurs = mongoLimit.documents / intoMongo.seconds;
  const smallOurs = small.limit.documents / small.run.seconds;
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
      label: `projectionist into MongoDB, a tenth of the events`,
      perSecond: smallOurs,
      unit: 'documents/s',
      note: `${small.limit.documents} documents from ${small.run.handled} events in ${small.run.seconds.toFixed(1)} s; the full size runs at ${ratio(mongoOurs, smallOurs)} this rate (target 0.8x: linear)`,
    },
    {
      label: 'projectionist into Elasticsearch',
      perSecond: elasticsearchOurs,
      unit: 'documents/s',
      note: `${elasticsearchLimit.documents} documents from ${intoElasticsearch.handled} events in ${intoElasticsearch.seconds.toFixed(1)} s; ${ratio(elasticsearchOurs, elasticsearchLimit.perSecond)} the limit (target 0.5x)`,
    },
    { label: 'bare bulk API, same documents', perSecond: elasticsearchLimit.perSecond, unit: 'documents/s' },
  ]);
}

/** Rebuilds the documents read models of `events` events into a fresh database, then measures the bare limit on its documents. */
async function rebuildIntoMongo(events: number, database: string) {
  const mongoUrl = process.env.MONGODB_URL!;
  const engines = {
    PROJECTIONS_CATCH_UP_BATCH_SIZE: '20000',
    READ_MODELS_DOCUMENTS: 'mongodb',
    READ_MODELS_SEARCH: 'elasticsearch',
    MONGODB_URL: mongoUrl,
    MONGODB_DATABASE: database,
    ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL,
    ELASTICSEARCH_PREFIX: `${database.replaceAll('_', '-')}-`,
  };
  const run = runChild('rebuild/projectionist-rebuild.ts', [await cachedEvents(events), join(scratch('engines'), 'unused.db'), DOCUMENT_PROJECTIONS], engines);
  return { run, limit: await bulkLoadMongo(mongoUrl, database, `${database}_bare`) };
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

/**
 * Copies every document of the rebuilt index into a fresh index with the bulk API, indexing what
 * the platform indexes: the index made from the platform's own settings and mapping
 * (`searchIndexMapping`, in the folding of the rebuilt index), and each document as the platform
 * sends it (`searchDocuments.encode`). With JS folding that adds the folded copies of its text
 * fields under `_pj.folded`: indexed but left out of the stored `_source`, so the hits read back
 * lack them, and a plain copy of the hits would index each text field once instead of twice.
 * Creating the index and the refresh at the end count, as they do in a rebuild; encoding the
 * documents does not.
 */
async function bulkLoadElasticsearch(url: string, from: string, to: string): Promise<{ documents: number; perSecond: number }> {
  const client = new Client({ node: url });
  try {
    await client.indices.refresh({ index: from });
    const hits: { _id?: string; _source?: unknown }[] = [];
    for await (const page of client.helpers.scrollSearch({ index: from, size: 5_000, query: { match_all: {} } })) hits.push(...page.body.hits.hits);
    const generation = { projection: ProductSearch, generation: 1 };
    const target = searchTargetOf(generation);
    const folding = await IndexFoldings.forClient(client).of(from);
    const sources = hits.map((hit) => [hit._id!, searchDocuments.encode(target, searchDocuments.decode(hit._id!, hit._source as JsonObject), folding)] as const);
    const started = performance.now();
    await client.indices.create({ index: to, ...searchIndexMapping(generation, 1, folding) });
    for (let i = 0; i < sources.length; i += 1_000) {
      const operations = sources.slice(i, i + 1_000).flatMap(([id, source]) => [{ index: { _index: to, _id: id } }, source]);
      const response = await client.bulk({ operations });
      if (response.errors) throw new Error(`the bare bulk failed: ${JSON.stringify(response.items.find((item) => item.index?.error))}`);
    }
    await client.indices.refresh({ index: to });
    const seconds = (performance.now() - started) / 1000;
    const indexes = Object.keys(await client.indices.get({ index: `${from.slice(0, from.lastIndexOf('-search-') + 8)}*` }));
    await client.indices.delete({ index: indexes });
    return { documents: sources.length, perSecond: sources.length / seconds };
  } finally {
    await client.close();
  }
}
