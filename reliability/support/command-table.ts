import type { EntityPool } from './entity-pool.js';
import type { PlannedCommand } from './planned-command.js';

/** Each write of the API, once: how to make one from the pool, or undefined if it needs what the pool lacks yet. */
export type CommandKind = keyof typeof COMMAND_TABLE;

const TAGS = ['cqrs', 'events', 'sqlite', 'node', 'rebuilds', 'consistency', 'ops', 'testing'];
const CATEGORIES = ['electronics', 'office', 'audio', 'home'];
const nothing = () => undefined;
/** Most likes go to the first few articles: many users liking the same article at once. */
const HOT_ARTICLES = 3;
const HOT_SHARE = 0.8;

const productRead = { readPath: (id: string) => `/api/products/${id}`, readIdKey: 'productId', remember: nothing, idKey: 'productId' } as const;
const articleRead = { readPath: (id: string) => `/api/articles/${id}`, readIdKey: 'articleId', idKey: 'articleId' } as const;

export const COMMAND_TABLE = {
  registerCustomer: (pool: EntityPool): PlannedCommand => {
    const n = pool.next();
    const email = `c${n}.${pool.runId}@example.com`;
    return {
      kind: 'registerCustomer', method: 'POST', path: '/api/customers', body: { name: `Customer ${n}`, email }, idKey: 'customerId', expectedStatus: 202,
      expected: (id) => [{ type: 'CustomerRegistered', data: { customerId: id, email } }],
      readPath: (id) => `/api/customers/${id}/orders`, readIdKey: undefined, remember: (id, p) => p.customers.push(id),
    };
  },
  registerAuthor: (pool: EntityPool): PlannedCommand => {
    const name = `Author ${pool.next()}`;
    return {
      kind: 'registerAuthor', method: 'POST', path: '/api/authors', body: { name, avatarUrl: 'https://example.com/a.png' }, idKey: 'authorId', expectedStatus: 202,
      expected: (id) => [{ type: 'AuthorRegistered', data: { authorId: id, name } }],
      readPath: (id) => `/api/authors/${id}/stats`, readIdKey: 'authorId', remember: (id, p) => p.authors.push(id),
    };
  },
  createOrder: (pool: EntityPool): PlannedCommand | undefined => {
    const customerId = pool.pick(pool.customers);
    if (!customerId) return undefined;
    const items = Array.from({ length: 1 + Math.floor(pool.random() * 3) }, () => ({
      productId: pool.pick(pool.products) ?? 'unlisted',
      quantity: 1 + Math.floor(pool.random() * 4),
      unitPrice: Math.round(pool.random() * 10_000) / 100,
    }));
    return {
      kind: 'createOrder', method: 'POST', path: '/api/orders', body: { customerId, items }, idKey: 'orderId', expectedStatus: 202,
      expected: (id) => [{ type: 'OrderCreated', data: { orderId: id, customerId } }],
      readPath: (id) => `/api/orders/${id}`, readIdKey: 'orderId', remember: nothing,
    };
  },
  publishArticle: (pool: EntityPool): PlannedCommand | undefined => {
    const authorId = pool.pick(pool.authors);
    if (!authorId) return undefined;
    const title = `Notes on projections, part ${pool.next()}`;
    const tags = [pool.pick(TAGS)!, pool.pick(TAGS)!];
    return {
      kind: 'publishArticle', method: 'POST', path: '/api/articles', expectedStatus: 202, ...articleRead,
      body: { authorId, title, content: `${title}. ${'Read models are rebuilt from the events, document for document. '.repeat(3)}`, tags },
      expected: (id) => [{ type: 'ArticlePublished', data: { articleId: id, authorId, title } }],
      remember: (id, p) => p.articles.push(id),
    };
  },
  likeArticle: (pool: EntityPool): PlannedCommand | undefined => {
    const articleId = pool.likedArticle(HOT_ARTICLES, HOT_SHARE);
    if (!articleId) return undefined;
    const userId = `reader-${pool.runId}-${pool.next()}`;
    return {
      kind: 'likeArticle', method: 'POST', path: `/api/articles/${articleId}/likes`, body: { userId }, expectedStatus: 202, ...articleRead,
      expected: () => [{ type: 'ArticleLiked', data: { articleId, userId } }],
      remember: (_, p) => p.likes.push({ articleId, userId }),
    };
  },
  /** A like the same user already gave, and the API accepted: the domain must refuse it. */
  repeatLike: (pool: EntityPool): PlannedCommand | undefined => {
    const like = pool.pick(pool.likes);
    if (!like) return undefined;
    return {
      kind: 'repeatLike', method: 'POST', path: `/api/articles/${like.articleId}/likes`, body: { userId: like.userId }, expectedStatus: 422, ...articleRead,
      expected: () => [],
      remember: nothing,
    };
  },
  createProduct: (pool: EntityPool): PlannedCommand => {
    const name = `Wireless keyboard ${pool.next()}`;
    const body = { name, description: 'A quiet, compact keyboard.', price: Math.round(pool.random() * 20_000) / 100, category: pool.pick(CATEGORIES)!, stock: Math.floor(pool.random() * 50) };
    return {
      kind: 'createProduct', method: 'POST', path: '/api/products', body, expectedStatus: 202, ...productRead,
      expected: (id) => [{ type: 'ProductCreated', data: { productId: id, name } }],
      remember: (id, p) => p.products.push(id),
    };
  },
  updateProduct: (pool: EntityPool): PlannedCommand | undefined => {
    const productId = pool.pick(pool.products);
    if (!productId) return undefined;
    const price = Math.round(pool.random() * 20_000) / 100;
    return {
      kind: 'updateProduct', method: 'PATCH', path: `/api/products/${productId}`, body: { price }, expectedStatus: 202, ...productRead,
      expected: () => [{ type: 'ProductUpdated', data: { productId, price } }],
    };
  },
  updateStock: (pool: EntityPool): PlannedCommand | undefined => {
    const productId = pool.pick(pool.products);
    if (!productId) return undefined;
    const stock = Math.floor(pool.random() * 100);
    return {
      kind: 'updateStock', method: 'POST', path: `/api/products/${productId}/stock`, body: { stock }, expectedStatus: 202, ...productRead,
      expected: () => [{ type: 'StockUpdated', data: { productId, stock } }],
    };
  },
  reviewProduct: (pool: EntityPool): PlannedCommand | undefined => {
    const productId = pool.pick(pool.products);
    if (!productId) return undefined;
    const userId = `reviewer-${pool.runId}-${pool.next()}`;
    const rating = 1 + Math.floor(pool.random() * 5);
    return {
      kind: 'reviewProduct', method: 'POST', path: `/api/products/${productId}/reviews`, body: { userId, rating }, expectedStatus: 202, ...productRead,
      expected: () => [{ type: 'ProductReviewed', data: { productId, userId, rating } }],
    };
  },
};
