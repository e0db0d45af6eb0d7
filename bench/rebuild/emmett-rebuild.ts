/**
 * The peer of the rebuild benchmark: Emmett's SQLite projections (@event-driven-io/emmett-sqlite
 * 0.38.5), rebuilding the six read models from the same workload.
 *
 *   node --import tsx bench/rebuild/emmett-rebuild.ts <dir> <eventCount>
 *
 * Untimed, in a child process (so that its memory is not counted): loads the events into a
 * fresh Emmett store, writing Emmett's own rows directly (its appendToStream takes ~300 events/s)
 * after proving on a prefix of the workload that these rows are the ones Emmett writes, and
 * checking that Emmett's readStream reads them back. Timed: Emmett's consumer, with one
 * processor per projection, from the beginning until every processor stopped after the last
 * event. Untimed again: every document is compared with what our read models hold for the same
 * events. Prints one JSON line on stdout; everything else goes to stderr.
 *
 * EMMETT_BATCH_SIZE and EMMETT_PULL_MS set the consumer's pulling (Emmett's defaults are 100
 * messages and 50 ms, which cap it at 2,000 events/s whatever the work).
 */
import { projection, type Event, type ProjectionDefinition, type ReadEvent } from '@event-driven-io/emmett';
import {
  getSQLiteEventStore,
  schemaSQL,
  sqliteConnection,
  type SQLiteConnection,
  type SQLiteReadEventMetadata,
} from '@event-driven-io/emmett-sqlite';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ArticleLiked, ArticlePublished, AuthorRegistered } from '../../src/domain/blog/blog-events.js';
import type { ProductCreated, ProductReviewed, ProductUpdated, StockUpdated } from '../../src/domain/catalogue/product-events.js';
import type { OrderCreated } from '../../src/domain/orders/order-events.js';
import { workload, type WorkloadEvent } from './workload.js';

// Emmett logs failed transactions with console.log: stdout is kept for the result line.
console.log = console.error;
console.info = console.error;

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_PULL_MS = 0;
const EXCERPT_LENGTH = 200;

type Doc = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Loading (child process): Emmett's own rows, written directly.
// ---------------------------------------------------------------------------------------------

/** What `getSQLiteEventStore(...).appendToStream` derives from a stream name. */
const streamTypeOf = (streamName: string): string => {
  const [firstPart, ...rest] = streamName.split('-');
  return firstPart && rest.length > 0 ? firstPart : 'emt:unknown';
};

/**
 * Writes the rows Emmett 0.38.5 writes when each event is appended by its own
 * `appendToStream(stream, [event])` call (one command, one event), after creating Emmett's
 * schema with its own DDL (`schemaSQL`):
 *  - emt_messages: stream_id, stream_position, partition 'emt:default', message_kind 'E',
 *    message_data (JSON), message_metadata ({streamName, messageId, streamPosition: "1"}, the
 *    position within the append, as Emmett writes it), message_schema_version (the stream's
 *    version before the append, as Emmett writes it), message_type, message_id (uuid v4),
 *    is_archived 0; global_position and created are the table's own.
 *  - emt_streams: one row per stream with its last position; the partition is the text
 *    '[object Object]' because Emmett binds its column descriptor there, stream_type from the
 *    name, stream_metadata '[]', is_archived 0.
 */
function loadRows(fileName: string, events: Iterable<WorkloadEvent>, onEvent?: (event: WorkloadEvent) => void): number {
  const db = new Database(fileName);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF'); // only for this untimed connection; not stored in the file
    for (const statement of schemaSQL) db.exec(statement);
    const insertMessage = db.prepare(
      `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata, message_schema_version, message_type, message_id, is_archived)
       VALUES (?, ?, 'emt:default', 'E', ?, ?, ?, ?, ?, 0)`,
    );
    const insertStream = db.prepare(
      `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived) VALUES (?, ?, '[object Object]', ?, '[]', 0)`,
    );
    const positions = new Map<string, number>();
    let count = 0;
    const chunk: WorkloadEvent[] = [];
    const flush = db.transaction((batch: WorkloadEvent[]) => {
      for (const event of batch) {
        const previous = positions.get(event.stream) ?? 0;
        positions.set(event.stream, previous + 1);
        const messageId = randomUUID();
        const metadata = JSON.stringify({ streamName: event.stream, messageId, streamPosition: '1' });
        insertMessage.run(event.stream, previous + 1, JSON.stringify(event.data), metadata, String(previous), event.type, messageId);
      }
    });
    for (const event of events) {
      onEvent?.(event);
      chunk.push(event);
      count += 1;
      if (chunk.length === 50_000) flush(chunk.splice(0));
    }
    flush(chunk.splice(0));
    db.transaction(() => {
      for (const [stream, position] of positions) insertStream.run(stream, position, streamTypeOf(stream));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return count;
  } finally {
    db.close();
  }
}

/** Proves on a prefix of the workload that the loader writes the rows Emmett's appendToStream writes. */
async function checkRowsAgainstEmmett(dir: string, count: number): Promise<void> {
  const byEmmett = join(dir, 'check-emmett.db');
  const byLoader = join(dir, 'check-loader.db');
  const store = getSQLiteEventStore({ fileName: byEmmett });
  for (const event of workload(count)) await store.appendToStream(event.stream, [{ type: event.type, data: event.data }]);
  loadRows(byLoader, workload(count));
  const rowsOf = (fileName: string) => {
    const db = new Database(fileName, { readonly: true });
    try {
      const messages = db.prepare(`SELECT * FROM emt_messages ORDER BY global_position`).all() as Doc[];
      const streams = db.prepare(`SELECT *, typeof(stream_position) AS t FROM emt_streams ORDER BY stream_id`).all();
      const types = db
        .prepare(`SELECT typeof(stream_position), typeof(message_schema_version), typeof(is_archived), typeof(message_data), typeof(message_metadata) FROM emt_messages`)
        .all();
      return {
        streams,
        types,
        messages: messages.map(({ message_id, created, message_metadata, ...row }) => {
          const { messageId, ...metadata } = JSON.parse(String(message_metadata)) as Doc;
          if (messageId !== message_id || typeof message_id !== 'string' || typeof created !== 'string') throw new Error(`bad ids in ${fileName}`);
          return { ...row, metadata: Object.keys(metadata).join(',') + JSON.stringify(metadata) };
        }),
      };
    } finally {
      db.close();
    }
  };
  const emmett = rowsOf(byEmmett);
  const loader = rowsOf(byLoader);
  if (!isDeepStrictEqual(emmett, loader)) {
    throw new Error(`the loader's rows differ from Emmett's: ${JSON.stringify(emmett).slice(0, 2000)}\n${JSON.stringify(loader).slice(0, 2000)}`);
  }
  console.error(`loader check: the rows of the first ${count} events are the ones Emmett's appendToStream writes (${emmett.streams.length} streams)`);
}

/** Reads back, with Emmett's own readStream, the first stream of each kind, and compares it with the workload. */
async function checkReadStream(fileName: string, samples: Map<string, WorkloadEvent[]>): Promise<void> {
  const store = getSQLiteEventStore({ fileName });
  for (const [stream, expected] of samples) {
    const { events, currentStreamVersion, streamExists } = await store.readStream(stream);
    const got = events.map((e) => ({ stream: e.metadata.streamName, type: e.type, data: e.data }));
    const positions = events.map((e) => e.metadata.streamPosition);
    const globals = events.map((e) => e.metadata.globalPosition);
    const ok =
      streamExists &&
      isDeepStrictEqual(got, expected) &&
      currentStreamVersion === BigInt(expected.length) &&
      positions.every((p, i) => p === BigInt(i + 1)) &&
      globals.every((g, i) => i === 0 || g > globals[i - 1]!);
    if (!ok) throw new Error(`Emmett's readStream('${stream}') does not read back the loaded events`);
    console.error(`readStream check: ${stream} reads back its ${events.length} events`);
  }
}

async function load(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await checkRowsAgainstEmmett(dir, Math.min(count, 200));
  const fileName = storeFile(dir);
  const samples = new Map<string, WorkloadEvent[]>();
  const kinds = new Set<string>();
  const started = performance.now();
  const loaded = loadRows(fileName, workload(count), (event) => {
    const kind = streamTypeOf(event.stream);
    if (!kinds.has(kind)) {
      kinds.add(kind);
      samples.set(event.stream, []);
    }
    samples.get(event.stream)?.push(event);
  });
  const seconds = (performance.now() - started) / 1000;
  console.error(`loaded ${loaded} events into ${fileName} in ${seconds.toFixed(1)} s (${Math.round(loaded / seconds)} events/s, untimed)`);
  await checkReadStream(fileName, samples);
}

// ---------------------------------------------------------------------------------------------
// The six read models as Emmett SQLite projections.
// ---------------------------------------------------------------------------------------------

type SQLiteContext = { connection: SQLiteConnection };
/** Emmett 0.38.5 declares SQLiteProjectionDefinition and sqliteProjection but exports neither: the same, from its core. */
type SQLiteProjection<E extends Event> = ProjectionDefinition<E, SQLiteReadEventMetadata, SQLiteContext>;
const sqliteProjection = <E extends Event>(definition: SQLiteProjection<E>): SQLiteProjection<E> =>
  projection<E, SQLiteReadEventMetadata, SQLiteContext>(definition);

type Emmett<T extends { type: string; data: object }> = Event<T['type'], T['data'] & Doc>;
type OrderEvents = Emmett<OrderCreated>;
type BlogEvents = Emmett<AuthorRegistered> | Emmett<ArticlePublished> | Emmett<ArticleLiked>;
type ProductEvents = Emmett<ProductCreated> | Emmett<ProductUpdated> | Emmett<StockUpdated> | Emmett<ProductReviewed>;

const TABLES = {
  orders: 'order_view_orders',
  articleList: 'article_list_view_articles',
  articleDetail: 'article_detail_view_articles',
  authors: 'author_stats_view_authors',
  articleAuthors: 'author_stats_view_article_authors',
  products: 'product_view_products',
  search: 'product_search_products',
} as const;

/**
 * JSON documents keyed by id, with the same expression indexes as our read models declare.
 * ProductSearch keeps its searchable fields as plain columns (category and price indexed), with
 * no full-text index: that is less work than our FTS5 index and vocabulary.
 */
const DDL = [
  ...Object.values(TABLES)
    .filter((table) => table !== TABLES.search)
    .map((table) => `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, data TEXT NOT NULL)`),
  `CREATE INDEX IF NOT EXISTS ${TABLES.orders}_i0 ON ${TABLES.orders} (json_extract(data, '$.customerId'), json_extract(data, '$.createdAt'))`,
  `CREATE INDEX IF NOT EXISTS ${TABLES.articleList}_i0 ON ${TABLES.articleList} (json_extract(data, '$.publishedAt'))`,
  `CREATE INDEX IF NOT EXISTS ${TABLES.products}_i0 ON ${TABLES.products} (json_extract(data, '$.category'), json_extract(data, '$.price'))`,
  `CREATE TABLE IF NOT EXISTS ${TABLES.search} (id TEXT PRIMARY KEY, data TEXT NOT NULL, name TEXT, description TEXT, category TEXT, price REAL, created_at TEXT)`,
  `CREATE INDEX IF NOT EXISTS ${TABLES.search}_category ON ${TABLES.search} (category)`,
  `CREATE INDEX IF NOT EXISTS ${TABLES.search}_price ON ${TABLES.search} (price)`,
];

const put = (connection: SQLiteConnection, table: string, id: string, document: Doc) =>
  connection.command(`INSERT INTO ${table} (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data`, [id, JSON.stringify(document)]);

/** A shallow merge of the fields given, like our `patch` (the fields are flat). */
const patch = (connection: SQLiteConnection, table: string, id: string, fields: Doc) =>
  connection.command(`UPDATE ${table} SET data = json_patch(data, ?) WHERE id = ?`, [JSON.stringify(fields), id]);

const increment = (connection: SQLiteConnection, table: string, id: string, field: string, by: number) =>
  connection.command(`UPDATE ${table} SET data = json_set(data, '$.${field}', coalesce(json_extract(data, '$.${field}'), 0) + ?) WHERE id = ?`, [by, id]);

const get = async (connection: SQLiteConnection, table: string, id: string): Promise<Doc | undefined> => {
  const row = await connection.querySingle<{ data: string }>(`SELECT data FROM ${table} WHERE id = ?`, [id]);
  return row ? (JSON.parse(row.data) as Doc) : undefined;
};

/** The same documents and computations as projections/*.ts, shared with the verification. */
const documents = {
  order: (data: OrderCreated['data']): Doc => ({
    orderId: data.orderId,
    customerId: data.customerId,
    customerName: data.customerName,
    customerEmail: data.customerEmail,
    items: data.items,
    total: data.total,
    status: data.status,
    createdAt: data.createdAt,
  }),
  articleListItem: (data: ArticlePublished['data']): Doc => ({
    articleId: data.articleId,
    title: data.title,
    authorId: data.authorId,
    authorName: data.authorName,
    authorAvatar: data.authorAvatar,
    excerpt: data.content.slice(0, EXCERPT_LENGTH),
    tags: data.tags,
    likeCount: 0,
    publishedAt: data.publishedAt,
  }),
  articleDetail: (data: ArticlePublished['data']): Doc => ({
    articleId: data.articleId,
    title: data.title,
    content: data.content,
    authorId: data.authorId,
    authorName: data.authorName,
    authorAvatar: data.authorAvatar,
    tags: data.tags,
    likeCount: 0,
    publishedAt: data.publishedAt,
  }),
  emptyStats: (authorId: string, name = ''): Doc => ({ authorId, name, totalArticles: 0, totalLikes: 0, averageLikesPerArticle: 0, lastPublishedAt: null }),
  withAverage: (stats: Doc): Doc => {
    const articles = Number(stats.totalArticles);
    return { ...stats, averageLikesPerArticle: articles === 0 ? 0 : Math.round((Number(stats.totalLikes) / articles) * 100) / 100 };
  },
  published: (stats: Doc, data: ArticlePublished['data']): Doc => {
    const last = stats.lastPublishedAt && String(stats.lastPublishedAt) > data.publishedAt ? stats.lastPublishedAt : data.publishedAt;
    return documents.withAverage({ ...stats, totalArticles: Number(stats.totalArticles) + 1, lastPublishedAt: last });
  },
  liked: (stats: Doc): Doc => documents.withAverage({ ...stats, totalLikes: Number(stats.totalLikes) + 1 }),
  product: (data: ProductCreated['data']): Doc => ({
    productId: data.productId,
    name: data.name,
    description: data.description,
    price: data.price,
    category: data.category,
    stock: data.stock,
    stockStatus: stockStatus(data.stock),
    rating: 0,
    reviewCount: 0,
    ratingTotal: 0,
    createdAt: data.createdAt,
    updatedAt: data.createdAt,
  }),
  productUpdate: ({ productId: _productId, updatedAt, ...changes }: ProductUpdated['data']): Doc => ({ ...changes, updatedAt }),
  stock: (data: StockUpdated['data']): Doc => ({ stock: data.stock, stockStatus: stockStatus(data.stock), updatedAt: data.updatedAt }),
  review: (product: Doc, data: ProductReviewed['data']): Doc => {
    const reviewCount = Number(product.reviewCount) + 1;
    const ratingTotal = Number(product.ratingTotal) + data.rating;
    return { reviewCount, ratingTotal, rating: Math.round((ratingTotal / reviewCount) * 100) / 100 };
  },
  searchable: (data: ProductCreated['data']): Doc => ({
    productId: data.productId,
    name: data.name,
    description: data.description,
    category: data.category,
    price: data.price,
    createdAt: data.createdAt,
  }),
  searchUpdate: (current: Doc, { productId: _productId, updatedAt: _updatedAt, ...changes }: ProductUpdated['data']): Doc => ({ ...current, ...changes }),
};

const stockStatus = (stock: number) => (stock > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK');

const putSearchable = (connection: SQLiteConnection, id: string, document: Doc) =>
  connection.command(
    `INSERT INTO ${TABLES.search} (id, data, name, description, category, price, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, name = excluded.name, description = excluded.description,
       category = excluded.category, price = excluded.price, created_at = excluded.created_at`,
    [id, JSON.stringify(document), String(document.name), String(document.description), String(document.category), Number(document.price), String(document.createdAt)],
  );

const missing = (what: string): never => {
  throw new Error(what);
};

const OrderView = sqliteProjection<OrderEvents>({
  name: 'OrderView',
  canHandle: ['OrderCreated'],
  handle: async (events, { connection }) => {
    for (const { data } of events) await put(connection, TABLES.orders, data.orderId, documents.order(data));
  },
});

const articleProjection = (name: string, table: string, document: (data: ArticlePublished['data']) => Doc) =>
  sqliteProjection<Emmett<ArticlePublished> | Emmett<ArticleLiked>>({
    name,
    canHandle: ['ArticlePublished', 'ArticleLiked'],
    handle: async (events, { connection }) => {
      for (const event of events) {
        if (event.type === 'ArticlePublished') await put(connection, table, event.data.articleId, document(event.data));
        else await increment(connection, table, event.data.articleId, 'likeCount', 1);
      }
    },
  });

const ArticleListView = articleProjection('ArticleListView', TABLES.articleList, documents.articleListItem);
const ArticleDetailView = articleProjection('ArticleDetailView', TABLES.articleDetail, documents.articleDetail);

const AuthorStatsView = sqliteProjection<BlogEvents>({
  name: 'AuthorStatsView',
  canHandle: ['AuthorRegistered', 'ArticlePublished', 'ArticleLiked'],
  handle: async (events, { connection }) => {
    for (const event of events) {
      switch (event.type) {
        case 'AuthorRegistered':
          await put(connection, TABLES.authors, event.data.authorId, documents.emptyStats(event.data.authorId, event.data.name));
          break;
        case 'ArticlePublished': {
          const { data } = event;
          const stats = (await get(connection, TABLES.authors, data.authorId)) ?? documents.emptyStats(data.authorId);
          await put(connection, TABLES.articleAuthors, data.articleId, { authorId: data.authorId });
          await put(connection, TABLES.authors, data.authorId, documents.published(stats, data));
          break;
        }
        case 'ArticleLiked': {
          const link = (await get(connection, TABLES.articleAuthors, event.data.articleId)) ?? missing(`article ${event.data.articleId} was liked before it was published`);
          const authorId = String(link.authorId);
          const stats = (await get(connection, TABLES.authors, authorId)) ?? documents.emptyStats(authorId);
          await put(connection, TABLES.authors, authorId, documents.liked(stats));
          break;
        }
      }
    }
  },
});

const ProductView = sqliteProjection<ProductEvents>({
  name: 'ProductView',
  canHandle: ['ProductCreated', 'ProductUpdated', 'StockUpdated', 'ProductReviewed'],
  handle: async (events, { connection }) => {
    for (const event of events) {
      switch (event.type) {
        case 'ProductCreated':
          await put(connection, TABLES.products, event.data.productId, documents.product(event.data));
          break;
        case 'ProductUpdated':
          await patch(connection, TABLES.products, event.data.productId, documents.productUpdate(event.data));
          break;
        case 'StockUpdated':
          await patch(connection, TABLES.products, event.data.productId, documents.stock(event.data));
          break;
        case 'ProductReviewed': {
          const product = (await get(connection, TABLES.products, event.data.productId)) ?? missing(`product ${event.data.productId} was reviewed before it was created`);
          await patch(connection, TABLES.products, event.data.productId, documents.review(product, event.data));
          break;
        }
      }
    }
  },
});

const ProductSearch = sqliteProjection<Emmett<ProductCreated> | Emmett<ProductUpdated>>({
  name: 'ProductSearch',
  canHandle: ['ProductCreated', 'ProductUpdated'],
  handle: async (events, { connection }) => {
    for (const event of events) {
      if (event.type === 'ProductCreated') {
        await putSearchable(connection, event.data.productId, documents.searchable(event.data));
      } else {
        const current = (await get(connection, TABLES.search, event.data.productId)) ?? missing(`product ${event.data.productId} was updated before it was created`);
        await putSearchable(connection, event.data.productId, documents.searchUpdate(current, event.data));
      }
    }
  },
});

// ---------------------------------------------------------------------------------------------
// The timed rebuild.
// ---------------------------------------------------------------------------------------------

const storeFile = (dir: string) => join(dir, 'emmett-rebuild.db');

/**
 * Emmett's consumer swallows a processor's failure (Promise.allSettled): every handler error is
 * kept here, so that a run that lost work fails instead of looking fast.
 */
const failures: unknown[] = [];
function guarded<E extends Event>(definition: SQLiteProjection<E>): SQLiteProjection<E> {
  return {
    ...definition,
    handle: async (events, context) => {
      try {
        return await definition.handle(events, context);
      } catch (error) {
        failures.push(error);
        throw error;
      }
    },
  };
}

interface Rebuilt {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly batchSize: number;
  readonly pullMs: number;
}

async function rebuild(fileName: string, lastPosition: bigint): Promise<Rebuilt> {
  const setup = sqliteConnection({ fileName });
  for (const statement of DDL) await setup.command(statement);
  setup.close();

  const batchSize = Number(process.env.EMMETT_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
  const pullMs = Number(process.env.EMMETT_PULL_MS ?? DEFAULT_PULL_MS);
  const store = getSQLiteEventStore({ fileName });
  const consumer = store.consumer({ pulling: { batchSize, pullingFrequencyInMs: pullMs } });
  const stopAfter = (message: ReadEvent<Event, SQLiteReadEventMetadata>) => message.metadata.globalPosition === lastPosition;
  consumer.processor({ processorId: 'projection:OrderView', projection: guarded(OrderView), startFrom: 'BEGINNING', stopAfter });
  consumer.processor({ processorId: 'projection:ArticleListView', projection: guarded(ArticleListView), startFrom: 'BEGINNING', stopAfter });
  consumer.processor({ processorId: 'projection:ArticleDetailView', projection: guarded(ArticleDetailView), startFrom: 'BEGINNING', stopAfter });
  consumer.processor({ processorId: 'projection:AuthorStatsView', projection: guarded(AuthorStatsView), startFrom: 'BEGINNING', stopAfter });
  consumer.processor({ processorId: 'projection:ProductView', projection: guarded(ProductView), startFrom: 'BEGINNING', stopAfter });
  consumer.processor({ processorId: 'projection:ProductSearch', projection: guarded(ProductSearch), startFrom: 'BEGINNING', stopAfter });

  const started = performance.now();
  // Resolves when the pulling loop ends: here, when every processor stopped after the last event.
  await consumer.start();
  const seconds = (performance.now() - started) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const active = consumer.processors.filter((p) => p.isActive).map((p) => p.id);
  await consumer.close();
  if (failures.length > 0) throw new Error(`${failures.length} projection handler call(s) failed; first: ${String(failures[0])}`);
  if (active.length > 0) throw new Error(`processors still active after the consumer stopped: ${active.join(', ')}`);
  return { seconds, maxRssMb, batchSize, pullMs };
}

// ---------------------------------------------------------------------------------------------
// Verification: every document, against our read models' semantics applied in memory.
// ---------------------------------------------------------------------------------------------

function expectedDocuments(count: number): Map<string, Map<string, Doc>> {
  const tables = new Map<string, Map<string, Doc>>(Object.values(TABLES).map((table) => [table, new Map<string, Doc>()]));
  const table = (name: string) => tables.get(name)!;
  const update = (name: string, id: string, change: (doc: Doc) => Doc) => {
    const doc = table(name).get(id) ?? missing(`${name}/${id} missing`);
    table(name).set(id, change(doc));
  };
  for (const { type, data } of workload(count)) {
    switch (type) {
      case 'OrderCreated': {
        const d = data as OrderCreated['data'];
        table(TABLES.orders).set(d.orderId, documents.order(d));
        break;
      }
      case 'AuthorRegistered': {
        const d = data as AuthorRegistered['data'];
        table(TABLES.authors).set(d.authorId, documents.emptyStats(d.authorId, d.name));
        break;
      }
      case 'ArticlePublished': {
        const d = data as ArticlePublished['data'];
        table(TABLES.articleList).set(d.articleId, documents.articleListItem(d));
        table(TABLES.articleDetail).set(d.articleId, documents.articleDetail(d));
        table(TABLES.articleAuthors).set(d.articleId, { authorId: d.authorId });
        const stats = table(TABLES.authors).get(d.authorId) ?? documents.emptyStats(d.authorId);
        table(TABLES.authors).set(d.authorId, documents.published(stats, d));
        break;
      }
      case 'ArticleLiked': {
        const d = data as ArticleLiked['data'];
        for (const name of [TABLES.articleList, TABLES.articleDetail]) update(name, d.articleId, (doc) => ({ ...doc, likeCount: Number(doc.likeCount) + 1 }));
        const authorId = String(table(TABLES.articleAuthors).get(d.articleId)?.authorId);
        update(TABLES.authors, authorId, documents.liked);
        break;
      }
      case 'ProductCreated': {
        const d = data as ProductCreated['data'];
        table(TABLES.products).set(d.productId, documents.product(d));
        table(TABLES.search).set(d.productId, documents.searchable(d));
        break;
      }
      case 'ProductUpdated': {
        const d = data as ProductUpdated['data'];
        update(TABLES.products, d.productId, (doc) => ({ ...doc, ...documents.productUpdate(d) }));
        update(TABLES.search, d.productId, (doc) => documents.searchUpdate(doc, d));
        break;
      }
      case 'StockUpdated': {
        const d = data as StockUpdated['data'];
        update(TABLES.products, d.productId, (doc) => ({ ...doc, ...documents.stock(d) }));
        break;
      }
      case 'ProductReviewed': {
        const d = data as ProductReviewed['data'];
        update(TABLES.products, d.productId, (doc) => ({ ...doc, ...documents.review(doc, d) }));
        break;
      }
    }
  }
  return tables;
}

async function verify(fileName: string, count: number): Promise<string> {
  const expected = expectedDocuments(count);
  const connection = sqliteConnection({ fileName });
  const counts: string[] = [];
  try {
    for (const [table, docs] of expected) {
      const rows = await connection.query<{ id: string; data: string; columns: string | null }>(
        table === TABLES.search
          ? `SELECT id, data, json_array(name, description, category, price, created_at) AS columns FROM ${table}`
          : `SELECT id, data, NULL AS columns FROM ${table}`,
      );
      if (rows.length !== docs.size) throw new Error(`${table}: ${rows.length} documents, expected ${docs.size}`);
      for (const row of rows) {
        const doc = JSON.parse(row.data) as Doc;
        if (!isDeepStrictEqual(doc, docs.get(row.id))) throw new Error(`${table}/${row.id}: ${row.data} differs from ${JSON.stringify(docs.get(row.id))}`);
        if (row.columns !== null && !isDeepStrictEqual(JSON.parse(row.columns), [doc.name, doc.description, doc.category, doc.price, doc.createdAt])) {
          throw new Error(`${table}/${row.id}: columns ${row.columns} differ from the document`);
        }
      }
      counts.push(`${table} ${rows.length}`);
    }
  } finally {
    connection.close();
  }
  return counts.join(', ');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--load') {
    await load(args[1]!, Number(args[2]));
    return;
  }
  const [dir, countArg] = args;
  const count = Number(countArg);
  if (!dir || !Number.isInteger(count) || count <= 0) {
    console.error('usage: node --import tsx bench/rebuild/emmett-rebuild.ts <dir> <eventCount>');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  for (const file of ['emmett-rebuild.db', 'check-emmett.db', 'check-loader.db']) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, file + suffix), { force: true });
  }

  // Loading runs in a child process, so that its memory is not counted as the rebuild's.
  const loader = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--load', dir, String(count)], {
    stdio: ['ignore', 2, 2],
  });
  if (loader.status !== 0) throw new Error(`loading failed (${loader.status ?? loader.signal})`);

  const fileName = storeFile(dir);
  const result = await rebuild(fileName, BigInt(count));
  const eventsPerSecond = count / result.seconds;
  console.error(`rebuilt 6 projections over ${count} events in ${result.seconds.toFixed(2)} s (${Math.round(eventsPerSecond)} events/s), max RSS ${result.maxRssMb.toFixed(0)} MB`);
  console.error(`verified every document: ${await verify(fileName, count)}`);

  const notes =
    `Emmett 0.38.5 SQLite consumer (sqlite3 driver, WAL, default synchronous) with six projection processors from BEGINNING, ` +
    `pulling batches of ${result.batchSize} every ${result.pullMs} ms (Emmett's defaults: 100 every 50 ms), stopAfter on the last global position; ` +
    `all processors share the consumer's connection and one transaction per batch, handle events one at a time and store a checkpoint per event; ` +
    `ProductSearch is a plain table without full-text index.`;
  process.stdout.write(
    `${JSON.stringify({
      events: count,
      seconds: Number(result.seconds.toFixed(3)),
      eventsPerSecond: Math.round(eventsPerSecond),
      maxRssMb: Math.round(result.maxRssMb),
      notes,
    })}\n`,
  );
}

await main();
