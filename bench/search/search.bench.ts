import { join } from 'node:path';
import { ProductSearch } from '../../projections/product-search.js';
import { searchVocabularyTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteSearchQueries } from '../../src/adapters/sqlite/read-models/sqlite-search-queries.js';
import { SqliteSearchVocabulary } from '../../src/adapters/sqlite/read-models/sqlite-search-vocabulary.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { Batch } from '../../src/core/ports/read-model-store.js';
import { position } from '../../src/core/position.js';
import { expand } from '../../src/core/search/fuzzy-terms.js';
import { TermIndex } from '../../src/core/search/term-index.js';
import { scratch } from '../support/scratch.js';
import { searchWorkload, type SearchProduct } from './search-workload.js';

const TERMS = 50_000;
const TARGET_P99_MS = 5;
/** The linear scan takes a good part of a second on ten words: this many queries at least, whatever the duration. */
const MIN_REFERENCE_QUERIES = 20;

/**
 * Typo-tolerant search on the embedded engine: 50,000 distinct terms in a real SQLite search
 * generation (ProductSearch), queries of 1 and of 10 words (a third of them misspelt), each
 * timed through `SqliteSearchQueries.search`, so the whole query counts: the vocabulary's
 * follow-up read, the expansion, FTS5 and BM25. The reference, in the same run, is the linear
 * scan each search did before (`expand` over the whole vocabulary, for the same words), and the
 * re-read of the whole vocabulary that the first search after every commit did before.
 */
export async function searchBenchmark(durationMs: number): Promise<void> {
  const workload = searchWorkload(TERMS, 7);
  const database = new ReadModelDatabase(join(scratch('search'), 'read-models.db'));
  const store = new SqliteReadModelStore(database);
  const generation: Generation = { projection: ProductSearch, generation: 1 };
  await store.prepare(generation);
  let commits = 0;
  const commit = (batch: readonly SearchProduct[]) => store.commit(generation, batchOf(batch, commits++));
  for (let at = 0; at < workload.products.length; at += 1_000) await commit(workload.products.slice(at, at + 1_000));
  const readWhole = () => database.db.prepare(`SELECT term FROM ${searchVocabularyTable(generation)}`).pluck().all() as string[];
  const listed = readWhole();
  const search = new SqliteSearchQueries(database);
  const query = (words: readonly string[]) => search.search(generation, { text: words.join(' '), from: 0, size: 20, tieBreaker: 'createdAt' });
  const firstSearch = await time(() => query(['warm']));
  const index = new TermIndex();
  index.update(listed, []);

  console.log(`\nSearch: ${listed.length.toLocaleString('en-US')} distinct terms in a SQLite search generation (ms per query)`);
  console.log(`  first search after start (loads the term table): ${firstSearch.toFixed(1)}`);
  for (const size of [1, 10]) {
    const set = workload.queries(size, 500, 1 / 3);
    for (const words of set.slice(0, MIN_REFERENCE_QUERIES)) {
      for (const word of words) if (index.expand(word).join() !== expand(word, listed).join()) throw new Error(`the index expands ${word} differently`);
    }
    const whole = await sample(durationMs / 4, 0, set, (words) => query(words));
    const indexed = await sample(durationMs / 8, 0, set, (words) => words.map((word) => index.expand(word)));
    const linear = await sample(durationMs / 8, MIN_REFERENCE_QUERIES, set, (words) => words.map((word) => expand(word, listed)));
    const label = `${size} word${size === 1 ? '' : 's'}`;
    console.log(`  ${label.padEnd(8)} SqliteSearchQueries.search       ${stats(whole)}  (all of it: terms, expansion, FTS5, BM25)`);
    console.log(`  ${label.padEnd(8)} expansion alone, TermIndex       ${stats(indexed)}${size === 10 ? `  (target: p99 under ${TARGET_P99_MS} ms)` : ''}`);
    console.log(`  ${label.padEnd(8)} expansion alone, linear (before) ${stats(linear)}`);
    console.log(`  ${label.padEnd(8)} whole search / linear expansion: p50 ${ratio(at(whole, 0.5), at(linear, 0.5))}, p99 ${ratio(at(whole, 0.99), at(linear, 0.99))}; expansion: p50 ${ratio(at(indexed, 0.5), at(linear, 0.5))}`);
  }

  const follower = new SqliteSearchVocabulary(database);
  follower.of(generation);
  const follow: number[] = [];
  const reread: number[] = [];
  for (let n = 0; n < 50; n += 1) {
    await commit([workload.newProduct(`new${n}`)]);
    follow.push(await time(() => follower.of(generation)));
    reread.push(await time(() => readWhole()));
  }
  console.log('  after a commit of one product with 12 new terms, the next search reads:');
  console.log(`    the term rows it changed (now)          ${stats(follow.sort((a, b) => a - b))}`);
  console.log(`    the whole vocabulary again (before)     ${stats(reread.sort((a, b) => a - b))}  ratio p50 ${ratio(at(follow, 0.5), at(reread, 0.5))}`);
  database.close();
}

function batchOf(documents: readonly SearchProduct[], basedOn: number): Batch {
  const checkpoint = position(BigInt(basedOn + 1));
  return {
    writes: documents.map(({ id, name, description }) => ({
      collection: 'products',
      document: { id, body: { productId: id, name, description, category: 'misc', price: 10, createdAt: '2026-01-01T00:00:00.000Z' }, position: checkpoint, late: [] },
    })),
    deltas: [],
    checkpoint,
    basedOn,
    parked: [],
    unparked: [],
    documentIds: documents.map((d) => d.id),
    correlationIds: [],
    correlations: [],
  };
}

async function time(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Runs the queries in turn for `durationMs` (and at least `minimum` of them), and returns their latencies, sorted. */
async function sample(durationMs: number, minimum: number, set: readonly string[][], run: (words: readonly string[]) => unknown): Promise<number[]> {
  for (const words of set.slice(0, 5)) await run(words);
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  for (let n = 0; performance.now() < deadline || latencies.length < minimum; n += 1) latencies.push(await time(() => run(set[n % set.length]!)));
  return latencies.sort((a, b) => a - b);
}

/** Ours over the reference, to two significant digits: these ratios are far below 0.01. */
function ratio(ours: number, reference: number): string {
  return `${(ours / reference).toPrecision(2)}x`;
}

function at(sorted: readonly number[], quantile: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
}

function stats(sorted: readonly number[]): string {
  const format = (ms: number) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(7);
  return `p50 ${format(at(sorted, 0.5))}  p99 ${format(at(sorted, 0.99))}  max ${format(at(sorted, 1))}  over ${sorted.length} queries`;
}
