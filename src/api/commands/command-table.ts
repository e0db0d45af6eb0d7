import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { likeArticle } from '../../domain/blog/like-article.js';
import { publishArticle } from '../../domain/blog/publish-article.js';
import { registerAuthor } from '../../domain/blog/register-author.js';
import { createProduct } from '../../domain/catalogue/create-product.js';
import { reviewProduct } from '../../domain/catalogue/review-product.js';
import { updateProduct } from '../../domain/catalogue/update-product.js';
import { updateStock } from '../../domain/catalogue/update-stock.js';
import { registerCustomer } from '../../domain/customers/register-customer.js';
import { createOrder } from '../../domain/orders/create-order.js';
import type { Schema } from '../validation/schema.js';
import { commandSchemas as schemas } from './command-schemas.js';

/** One write of the API: where it is mounted, what its body must be, and what it runs. */
export interface CommandRoute<Body = unknown> {
  readonly method: 'post' | 'patch';
  /** Under `/api`. A route with `:id` addresses that entity; one without creates a new one. */
  readonly path: string;
  readonly schema: Schema<Body>;
  /** The answer's name for the id (`orderId`, ...). */
  readonly answersWith: string;
  /** Where the entity's view is read (the answer's `self` link, and its `status` link with the token). */
  readonly self: (id: string) => string;
  /** `id` is the path's `:id`, or the new entity's id, chosen before the command runs. */
  readonly run: (handler: CommandHandler, body: Body, id: string, context: CommandContext) => Promise<CommandResult>;
}

function route<Body>(definition: CommandRoute<Body>): CommandRoute {
  return definition as CommandRoute;
}

/** The write side of the seed's three domains, each command declared once. */
export const COMMAND_ROUTES: readonly CommandRoute[] = [
  route({
    method: 'post',
    path: '/customers',
    schema: schemas.registerCustomer,
    answersWith: 'customerId',
    self: (id) => `/api/customers/${id}/orders`,
    run: (handler, body, customerId, context) => registerCustomer(handler, { ...body, customerId }, context),
  }),
  route({
    method: 'post',
    path: '/orders',
    schema: schemas.createOrder,
    answersWith: 'orderId',
    self: (id) => `/api/orders/${id}`,
    run: (handler, body, orderId, context) => createOrder(handler, { ...body, orderId }, context),
  }),
  route({
    method: 'post',
    path: '/authors',
    schema: schemas.registerAuthor,
    answersWith: 'authorId',
    self: (id) => `/api/authors/${id}/stats`,
    run: (handler, body, authorId, context) => registerAuthor(handler, { ...body, authorId }, context),
  }),
  route({
    method: 'post',
    path: '/articles',
    schema: schemas.publishArticle,
    answersWith: 'articleId',
    self: (id) => `/api/articles/${id}`,
    run: (handler, body, articleId, context) => publishArticle(handler, { ...body, articleId }, context),
  }),
  route({
    method: 'post',
    path: '/articles/:id/likes',
    schema: schemas.likeArticle,
    answersWith: 'articleId',
    self: (id) => `/api/articles/${id}`,
    run: (handler, body, articleId, context) => likeArticle(handler, { ...body, articleId }, context),
  }),
  route({
    method: 'post',
    path: '/products',
    schema: schemas.createProduct,
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => createProduct(handler, { ...body, productId }, context),
  }),
  route({
    method: 'patch',
    path: '/products/:id',
    schema: schemas.updateProduct,
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => updateProduct(handler, { ...body, productId }, context),
  }),
  route({
    method: 'post',
    path: '/products/:id/stock',
    schema: schemas.updateStock,
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => updateStock(handler, { ...body, productId }, context),
  }),
  route({
    method: 'post',
    path: '/products/:id/reviews',
    schema: schemas.reviewProduct,
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => reviewProduct(handler, { ...body, productId }, context),
  }),
];
