import { Router, type Request, type RequestHandler } from 'express';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { Accepted } from '../../domain/accepted.js';
import type { Commands } from '../../domain/commands.js';
import { badRequest } from '../problem-details.js';

type Run = (body: Record<string, unknown>, req: Request, context: CommandContext) => Promise<Accepted>;

/**
 * The write side over HTTP. A write answers `202 Accepted` with the id, the correlation id and
 * a consistency token, never the entity (exercise 4 of the seed): the entity is read from its
 * read model, which the `status` link waits for.
 */
export function commandRoutes(commands: Commands): Router {
  const router = Router();
  const c = commands;
  router.post('/customers', accept('customerId', (id) => `/api/customers/${id}/orders`, (body, _req, ctx) => c.registerCustomer(body as never, ctx)));
  router.post('/orders', accept('orderId', (id) => `/api/orders/${id}`, (body, _req, ctx) => c.createOrder(body as never, ctx)));
  router.post('/authors', accept('authorId', (id) => `/api/authors/${id}/stats`, (body, _req, ctx) => c.registerAuthor(body as never, ctx)));
  router.post('/articles', accept('articleId', (id) => `/api/articles/${id}`, (body, _req, ctx) => c.publishArticle(body as never, ctx)));
  router.post(
    '/articles/:id/likes',
    accept('articleId', (id) => `/api/articles/${id}`, (body, req, ctx) => c.likeArticle({ ...body, articleId: param(req) } as never, ctx)),
  );
  router.post('/products', accept('productId', (id) => `/api/products/${id}`, (body, _req, ctx) => c.createProduct(body as never, ctx)));
  router.patch(
    '/products/:id',
    accept('productId', (id) => `/api/products/${id}`, (body, req, ctx) => c.updateProduct({ ...body, productId: param(req) } as never, ctx)),
  );
  router.post(
    '/products/:id/stock',
    accept('productId', (id) => `/api/products/${id}`, (body, req, ctx) => c.updateStock({ ...body, productId: param(req) } as never, ctx)),
  );
  router.post(
    '/products/:id/reviews',
    accept('productId', (id) => `/api/products/${id}`, (body, req, ctx) => c.reviewProduct({ ...body, productId: param(req) } as never, ctx)),
  );
  return router;
}

function accept(idKey: string, selfOf: (id: string) => string, run: Run): RequestHandler {
  return async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
    const result = await run(body as Record<string, unknown>, req, commandContext(res.locals.correlationId as string));
    const self = selfOf(result.id);
    res
      .status(202)
      .location(self)
      .json({
        [idKey]: result.id,
        correlationId: result.correlationId,
        token: result.token,
        status: 'PROCESSING',
        links: { self, status: `${self}?consistentWith=${result.token}&wait=true` },
      });
  };
}

function param(req: Request): string {
  return String(req.params.id);
}
