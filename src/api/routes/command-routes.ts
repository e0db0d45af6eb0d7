import { Router, type RequestHandler } from 'express';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { Accepted } from '../../domain/accepted.js';
import type { Commands } from '../../domain/commands.js';
import type { RecentWrites } from '../recent-writes.js';
import type { Schema } from '../validation/schema.js';
import { commandSchemas as schemas } from './command-schemas.js';

type Run<T> = (body: T, id: string, context: CommandContext) => Promise<Accepted>;

/**
 * The write side over HTTP. A write answers `202 Accepted` with the id, the correlation id and
 * a consistency token, never the entity (seed, exercises 1 and 4): the `status` link reads the
 * entity's view and waits for the write. A body that does not fit its schema is refused before
 * any command runs.
 */
export function commandRoutes(commands: Commands, recentWrites: RecentWrites): Router {
  const router = Router();
  const accept = <T>(schema: Schema<T>, idKey: string, selfOf: (id: string) => string, run: Run<T>): RequestHandler =>
    async (req, res) => {
      const body = schema.parse(req.body, '');
      const correlationId = res.locals.correlationId as string;
      const result = await run(body, String(req.params.id ?? ''), commandContext(correlationId));
      recentWrites.remember(result.correlationId, result.token);
      const self = selfOf(result.id);
      res
        .status(202)
        .location(self)
        .json({ [idKey]: result.id, correlationId: result.correlationId, token: result.token, status: 'PROCESSING', links: { self, status: statusLink(self, result.token) } });
    };

  router.post('/customers', accept(schemas.registerCustomer, 'customerId', (id) => `/api/customers/${id}/orders`, (body, _, ctx) => commands.registerCustomer(body, ctx)));
  router.post('/orders', accept(schemas.createOrder, 'orderId', (id) => `/api/orders/${id}`, (body, _, ctx) => commands.createOrder(body, ctx)));
  router.post('/authors', accept(schemas.registerAuthor, 'authorId', (id) => `/api/authors/${id}/stats`, (body, _, ctx) => commands.registerAuthor(body, ctx)));
  router.post('/articles', accept(schemas.publishArticle, 'articleId', (id) => `/api/articles/${id}`, (body, _, ctx) => commands.publishArticle(body, ctx)));
  router.post('/articles/:id/likes', accept(schemas.likeArticle, 'articleId', (id) => `/api/articles/${id}`, (body, id, ctx) => commands.likeArticle({ ...body, articleId: id }, ctx)));
  router.post('/products', accept(schemas.createProduct, 'productId', (id) => `/api/products/${id}`, (body, _, ctx) => commands.createProduct(body, ctx)));
  router.patch('/products/:id', accept(schemas.updateProduct, 'productId', (id) => `/api/products/${id}`, (body, id, ctx) => commands.updateProduct({ ...body, productId: id }, ctx)));
  router.post('/products/:id/stock', accept(schemas.updateStock, 'productId', (id) => `/api/products/${id}`, (body, id, ctx) => commands.updateStock({ ...body, productId: id }, ctx)));
  router.post('/products/:id/reviews', accept(schemas.reviewProduct, 'productId', (id) => `/api/products/${id}`, (body, id, ctx) => commands.reviewProduct({ ...body, productId: id }, ctx)));
  return router;
}

function statusLink(self: string, token: string): string {
  return `${self}?consistentWith=${token}&wait=true`;
}


