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
  /** What it does, in a few words (the OpenAPI document's summary). */
  readonly summary: string;
  readonly schema: Schema<Body>;
  /**
   * A body the route accepts, for the OpenAPI document. Its ids name entities of the commands
   * before it in the table (the test posts the examples in order, with the ids those answered).
   */
  readonly example: Body;
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
    summary: 'Register a customer',
    schema: schemas.registerCustomer,
    example: { name: 'Ana Pérez', email: 'ana@example.com' },
    answersWith: 'customerId',
    self: (id) => `/api/customers/${id}/orders`,
    run: (handler, body, customerId, context) => registerCustomer(handler, { ...body, customerId }, context),
  }),
  route({
    method: 'post',
    path: '/orders',
    summary: 'Place an order for a customer',
    schema: schemas.createOrder,
    example: { customerId: 'c0ffee00-0000-4000-8000-000000000001', items: [{ productId: 'sku-1', quantity: 2, unitPrice: 19.9 }] },
    answersWith: 'orderId',
    self: (id) => `/api/orders/${id}`,
    run: (handler, body, orderId, context) => createOrder(handler, { ...body, orderId }, context),
  }),
  route({
    method: 'post',
    path: '/authors',
    summary: 'Register an author',
    schema: schemas.registerAuthor,
    example: { name: 'Ada Lovelace', avatarUrl: 'https://example.com/ada.png' },
    answersWith: 'authorId',
    self: (id) => `/api/authors/${id}/stats`,
    run: (handler, body, authorId, context) => registerAuthor(handler, { ...body, authorId }, context),
  }),
  route({
    method: 'post',
    path: '/articles',
    summary: 'Publish an article',
    schema: schemas.publishArticle,
    example: {
      authorId: 'c0ffee00-0000-4000-8000-000000000002',
      title: 'Read models without downtime',
      content: 'A projection is rebuilt beside the live one, from the first event, and takes its place once it has caught up.',
      tags: ['cqrs', 'projections'],
    },
    answersWith: 'articleId',
    self: (id) => `/api/articles/${id}`,
    run: (handler, body, articleId, context) => publishArticle(handler, { ...body, articleId }, context),
  }),
  route({
    method: 'post',
    path: '/articles/:id/likes',
    summary: 'Like an article, once per user',
    schema: schemas.likeArticle,
    example: { userId: 'user-1' },
    answersWith: 'articleId',
    self: (id) => `/api/articles/${id}`,
    run: (handler, body, articleId, context) => likeArticle(handler, { ...body, articleId }, context),
  }),
  route({
    method: 'post',
    path: '/products',
    summary: 'Add a product to the catalogue',
    schema: schemas.createProduct,
    example: { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 12.5, category: 'kitchen', stock: 40 },
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => createProduct(handler, { ...body, productId }, context),
  }),
  route({
    method: 'patch',
    path: '/products/:id',
    summary: 'Change the name, description, price or category of a product',
    schema: schemas.updateProduct,
    example: { price: 11.9, description: 'Porcelain, 80 ml, dishwasher safe' },
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => updateProduct(handler, { ...body, productId }, context),
  }),
  route({
    method: 'post',
    path: '/products/:id/stock',
    summary: 'Set the stock of a product',
    schema: schemas.updateStock,
    example: { stock: 25 },
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => updateStock(handler, { ...body, productId }, context),
  }),
  route({
    method: 'post',
    path: '/products/:id/reviews',
    summary: 'Review a product, once per user',
    schema: schemas.reviewProduct,
    example: { userId: 'user-1', rating: 5 },
    answersWith: 'productId',
    self: (id) => `/api/products/${id}`,
    run: (handler, body, productId, context) => reviewProduct(handler, { ...body, productId }, context),
  }),
];
