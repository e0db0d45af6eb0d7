import { commandContext, type CommandContext } from '../core/commands/command-context.js';
import { CommandHandler } from '../core/commands/command-handler.js';
import type { EventStore } from '../core/ports/event-store.js';
import type { Accepted } from './accepted.js';
import { likeArticle, type LikeArticle } from './blog/like-article.js';
import { publishArticle, type PublishArticle } from './blog/publish-article.js';
import { registerAuthor, type RegisterAuthor } from './blog/register-author.js';
import { createProduct, type CreateProduct } from './catalogue/create-product.js';
import { reviewProduct, type ReviewProduct } from './catalogue/review-product.js';
import { updateProduct, type UpdateProduct } from './catalogue/update-product.js';
import { updateStock, type UpdateStock } from './catalogue/update-stock.js';
import { registerCustomer, type RegisterCustomer } from './customers/register-customer.js';
import { createOrder, type CreateOrder } from './orders/create-order.js';

/** The command side of the seed's three domains: orders, blog and catalogue. */
export class Commands {
  private readonly handler: CommandHandler;

  constructor(store: EventStore) {
    this.handler = new CommandHandler(store);
  }

  registerCustomer(command: RegisterCustomer, context: CommandContext = commandContext()): Promise<Accepted> {
    return registerCustomer(this.handler, command, context);
  }

  createOrder(command: CreateOrder, context: CommandContext = commandContext()): Promise<Accepted> {
    return createOrder(this.handler, command, context);
  }

  registerAuthor(command: RegisterAuthor, context: CommandContext = commandContext()): Promise<Accepted> {
    return registerAuthor(this.handler, command, context);
  }

  publishArticle(command: PublishArticle, context: CommandContext = commandContext()): Promise<Accepted> {
    return publishArticle(this.handler, command, context);
  }

  likeArticle(command: LikeArticle, context: CommandContext = commandContext()): Promise<Accepted> {
    return likeArticle(this.handler, command, context);
  }

  createProduct(command: CreateProduct, context: CommandContext = commandContext()): Promise<Accepted> {
    return createProduct(this.handler, command, context);
  }

  updateProduct(command: UpdateProduct, context: CommandContext = commandContext()): Promise<Accepted> {
    return updateProduct(this.handler, command, context);
  }

  updateStock(command: UpdateStock, context: CommandContext = commandContext()): Promise<Accepted> {
    return updateStock(this.handler, command, context);
  }

  reviewProduct(command: ReviewProduct, context: CommandContext = commandContext()): Promise<Accepted> {
    return reviewProduct(this.handler, command, context);
  }
}
