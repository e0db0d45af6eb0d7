import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireCount } from '../rules.js';
import { product } from './product.js';
import { productStream, type ProductCreated } from './product-events.js';
import { productFields } from './product-fields.js';

export interface CreateProduct {
  readonly name: string;
  readonly description?: string;
  readonly price: number;
  readonly category: string;
  /** Units on hand; a product created without stock is out of stock. */
  readonly stock?: number;
}

export async function createProduct(handler: CommandHandler, command: CreateProduct, context: CommandContext): Promise<Accepted> {
  const productId = randomUUID();
  const created: ProductCreated = {
    type: 'ProductCreated',
    data: {
      productId,
      name: productFields.name(command.name),
      description: productFields.description(command.description ?? ''),
      price: productFields.price(command.price),
      category: productFields.category(command.category),
      stock: requireCount('stock', command.stock ?? 0, 0),
      createdAt: new Date().toISOString(),
    },
  };
  const outcome = await handler.handle(productStream(productId), product, () => [created], context);
  return accepted(productId, outcome);
}
