/**
 * A child process: limit (a), the bare loop. Reads every event once, parses it, and upserts the
 * same rows the seed's read models hold (one row per read model that handles the event, keyed
 * by the event's own field, as a read model without lookups would key it), with the platform's
 * driver, pragmas and catch-up batch size (see platform-tuning.ts), one transaction per batch.
 * No handlers, no documents computed, no indexes, no checkpoints, no full-text index: limit (b),
 * `bare-read-models.ts`, does all of those by hand.
 *   node --single-threaded-gc --import tsx bench/rebuild/bare-rebuild.ts <events.db> <out.db>
 */
import { openDatabase } from '../../src/adapters/sqlite/open-database.js';
import { catchUpBatchSize, EVENTS_DATABASE, READ_MODEL_DATABASE, tunePlatformHeap } from './platform-tuning.js';

/** For each event type, the read models that handle it and the data field their document is keyed by. */
const ROWS: Record<string, [table: string, key: string][]> = {
  OrderCreated: [['order_view', 'orderId']],
  AuthorRegistered: [['author_stats', 'authorId']],
  ArticlePublished: [['article_list', 'articleId'], ['article_detail', 'articleId'], ['author_stats', 'authorId'], ['article_authors', 'articleId']],
  ArticleLiked: [['article_list', 'articleId'], ['article_detail', 'articleId'], ['author_stats', 'articleId']],
  ProductCreated: [['product_view', 'productId'], ['product_search', 'productId']],
  ProductUpdated: [['product_view', 'productId'], ['product_search', 'productId']],
  StockUpdated: [['product_view', 'productId']],
  ProductReviewed: [['product_view', 'productId']],
};

tunePlatformHeap();
const [eventsFile, outFile] = process.argv.slice(2);
const batchSize = catchUpBatchSize();
const events = openDatabase(eventsFile!, EVENTS_DATABASE);
const out = openDatabase(outFile!, READ_MODEL_DATABASE);
const tables = [...new Set(Object.values(ROWS).flatMap((rows) => rows.map(([table]) => table)))];
const upserts = new Map(
  tables.map((table) => {
    out.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, body TEXT NOT NULL, position INTEGER NOT NULL)`);
    const sql = `INSERT INTO ${table} (id, body, position) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, position = excluded.position`;
    return [table, out.prepare(sql)];
  }),
);
const page = events.prepare(`SELECT e.position, t.name AS type, e.data FROM events e JOIN event_types t ON t.id = e.type_id WHERE e.position > ? ORDER BY e.position LIMIT ?`);
const write = out.transaction((rows: { position: number; type: string; data: string }[]) => {
  for (const row of rows) {
    const data = JSON.parse(row.data) as Record<string, string>;
    for (const [table, key] of ROWS[row.type] ?? []) upserts.get(table)!.run(data[key], JSON.stringify(data), row.position);
  }
});

const start = performance.now();
let after = 0;
let total = 0;
for (;;) {
  const rows = page.all(after, batchSize) as { position: number; type: string; data: string }[];
  if (rows.length === 0) break;
  write(rows);
  total += rows.length;
  after = rows[rows.length - 1]!.position;
}
const seconds = (performance.now() - start) / 1000;
out.close();
events.close();
console.log(JSON.stringify({ events: total, seconds, eventsPerSecond: Math.round(total / seconds), batchSize, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
