import { columnFields, columnOf, generationDdl, textFields } from '../../src/adapters/sqlite/read-models/generation-ddl.js';
import { documentTable, searchIndexTable, searchTable, searchTermsTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import type { SqliteDatabase } from '../../src/adapters/sqlite/open-database.js';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { SearchTarget } from '../../src/core/projections/projection.js';
import type { ArticleLiked, ArticlePublished, AuthorRegistered } from '../../src/domain/blog/blog-events.js';
import type { ProductCreated, ProductReviewed, ProductUpdated, StockUpdated } from '../../src/domain/catalogue/product-events.js';
import type { OrderCreated } from '../../src/domain/orders/order-events.js';
import { EXCERPT_LENGTH } from '../../projections/article-list-view.js';
import { ArticleDetailView, ArticleListView, AuthorStatsView, OrderView, ProductSearch, ProductView, projections } from '../../projections/index.js';
import { BareCollection } from './bare-collection.js';
import { BareSearchCollection } from './bare-search-collection.js';

/** Every read model is built as the platform's first generation, in the tables the platform gives it. */
export const generationOf = (projection: (typeof projections)[number]): Generation => ({ projection, generation: 1 });

interface Stats extends JsonObject {
  authorId: string;
  name: string;
  totalArticles: number;
  totalLikes: number;
  averageLikesPerArticle: number;
  lastPublishedAt: string | null;
}

const emptyStats = (authorId: string, name = ''): Stats => ({ authorId, name, totalArticles: 0, totalLikes: 0, averageLikesPerArticle: 0, lastPublishedAt: null });
const withAverage = (stats: Stats): Stats => ({
  ...stats,
  averageLikesPerArticle: stats.totalArticles === 0 ? 0 : Math.round((stats.totalLikes / stats.totalArticles) * 100) / 100,
});
const stockStatus = (stock: number) => (stock > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK');

/**
 * The six seed read models of limit (b), written by hand: the same tables, indexes and FTS5
 * index as the platform's (its own DDL, run once before the timing), and documents computed here,
 * in one switch over the event type, the way someone would code these six read models without
 * a platform. `verify-bare-read-models.ts` proves they are the documents the projections make.
 */
export class BareSeedModels {
  private readonly orders: BareCollection;
  private readonly articleList: BareCollection;
  private readonly articleDetail: BareCollection;
  private readonly authors: BareCollection;
  private readonly articleAuthors: BareCollection;
  private readonly products: BareCollection;
  private readonly search: BareSearchCollection;

  constructor(db: SqliteDatabase) {
    for (const projection of projections) db.exec(generationDdl(generationOf(projection)));
    const documents = (projection: (typeof projections)[number], collection: string) => new BareCollection(db, documentTable(generationOf(projection), collection));
    this.orders = documents(OrderView, 'orders');
    this.articleList = documents(ArticleListView, 'articles');
    this.articleDetail = documents(ArticleDetailView, 'articles');
    this.authors = documents(AuthorStatsView, 'authors');
    this.articleAuthors = documents(AuthorStatsView, 'articleAuthors');
    this.products = documents(ProductView, 'products');
    const search = generationOf(ProductSearch);
    const target = ProductSearch.target as SearchTarget;
    this.search = new BareSearchCollection(db, {
      table: searchTable(search),
      index: searchIndexTable(search),
      terms: searchTermsTable(search),
      texts: textFields(target),
      columns: columnFields(target).map(([field]) => [field, columnOf(field)] as const),
    });
  }

  /** One event, to every read model that uses it. Its data is parsed only then. */
  apply(type: string, json: string, at: number): void {
    switch (type) {
      case 'OrderCreated': {
        const d = JSON.parse(json) as OrderCreated['data'];
        const order = { orderId: d.orderId, customerId: d.customerId, customerName: d.customerName, customerEmail: d.customerEmail, items: d.items, total: d.total, status: d.status, createdAt: d.createdAt };
        this.orders.put(d.orderId, order, at);
        return;
      }
      case 'AuthorRegistered': {
        const d = JSON.parse(json) as AuthorRegistered['data'];
        this.authors.put(d.authorId, emptyStats(d.authorId, d.name), at);
        return;
      }
      case 'ArticlePublished': {
        const d = JSON.parse(json) as ArticlePublished['data'];
        const byline = { authorId: d.authorId, authorName: d.authorName, authorAvatar: d.authorAvatar };
        this.articleList.put(d.articleId, { articleId: d.articleId, title: d.title, ...byline, excerpt: d.content.slice(0, EXCERPT_LENGTH), tags: d.tags, likeCount: 0, publishedAt: d.publishedAt }, at);
        this.articleDetail.put(d.articleId, { articleId: d.articleId, title: d.title, content: d.content, ...byline, tags: d.tags, likeCount: 0, publishedAt: d.publishedAt }, at);
        this.articleAuthors.put(d.articleId, { authorId: d.authorId }, at);
        const stats = this.statsOf(d.authorId);
        const last = stats.lastPublishedAt && stats.lastPublishedAt > d.publishedAt ? stats.lastPublishedAt : d.publishedAt;
        this.authors.put(d.authorId, withAverage({ ...stats, totalArticles: stats.totalArticles + 1, lastPublishedAt: last }), at);
        return;
      }
      case 'ArticleLiked': {
        const d = JSON.parse(json) as ArticleLiked['data'];
        this.articleList.add(d.articleId, 'likeCount', 1, at);
        this.articleDetail.add(d.articleId, 'likeCount', 1, at);
        const link = this.articleAuthors.get(d.articleId);
        if (!link) throw new Error(`article ${d.articleId} was liked before it was published`);
        const stats = this.statsOf(String(link.authorId));
        this.authors.put(stats.authorId, withAverage({ ...stats, totalLikes: stats.totalLikes + 1 }), at);
        return;
      }
      case 'ProductCreated': {
        const d = JSON.parse(json) as ProductCreated['data'];
        const { productId, name, description, price, category, stock, createdAt } = d;
        this.products.put(productId, { productId, name, description, price, category, stock, stockStatus: stockStatus(stock), rating: 0, reviewCount: 0, ratingTotal: 0, createdAt, updatedAt: createdAt }, at);
        this.search.put(productId, { productId, name, description, category, price, createdAt }, at);
        return;
      }
      case 'ProductUpdated': {
        const { productId, updatedAt, ...changes } = JSON.parse(json) as ProductUpdated['data'];
        this.products.set(productId, { ...(changes as JsonObject), updatedAt }, at);
        const current = this.search.get(productId);
        if (!current) throw new Error(`product ${productId} was updated before it was created`);
        this.search.put(productId, { ...current, ...(changes as JsonObject) }, at);
        return;
      }
      case 'StockUpdated': {
        const d = JSON.parse(json) as StockUpdated['data'];
        this.products.set(d.productId, { stock: d.stock, stockStatus: stockStatus(d.stock), updatedAt: d.updatedAt }, at);
        return;
      }
      case 'ProductReviewed': {
        const d = JSON.parse(json) as ProductReviewed['data'];
        const product = this.products.get(d.productId);
        if (!product) throw new Error(`product ${d.productId} was reviewed before it was created`);
        const reviewCount = Number(product.reviewCount) + 1;
        const ratingTotal = Number(product.ratingTotal) + d.rating;
        this.products.set(d.productId, { reviewCount, ratingTotal, rating: Math.round((ratingTotal / reviewCount) * 100) / 100 }, at);
        return;
      }
    }
  }

  /** Writes the batch, in the caller's transaction. */
  flush(): void {
    for (const collection of [this.orders, this.articleList, this.articleDetail, this.authors, this.articleAuthors, this.products]) collection.flush();
    this.search.flush();
  }

  private statsOf(authorId: string): Stats {
    return (this.authors.get(authorId) as Stats | undefined) ?? emptyStats(authorId);
  }
}
