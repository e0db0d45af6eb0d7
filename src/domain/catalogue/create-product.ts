import { randomUUID } from 'node:crypto';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { exists } from '../exists.js';
import { atLeast } from '../rules.js';
import { product } from './product.js';
import { productStream, type ProductCreated } from './product-events.js';
import { productFields } from './product-fields.js';

export interface CreateProduct {
  /** Chosen by the caller (the API derives it from an idempotency key); new when absent. */
  readonly productId?: string;
  readonly name: string;
  readonly description?: string;
  readonly price: number;
  readonly category: string;
  /** Units on hand; a product created without stock is out of stock. */
  readonly stock?: number;
}

export async function createProduct(handler: CommandHandler, command: CreateProduct, context: CommandContext = commandContext()): Promise<CommandResult> {
  const productId = command.productId ?? randomUUID();
  const created: ProductCreated = {
    type: 'ProductCreated',
    data: {
      productId,
      name: productFields.name(command.name),
      description: productFields.description(command.description ?? ''),
      price: productFields.price(command.price),
      category: productFields.category(command.category),
      stock: atLeast('stock', command.stock ?? 0, 0),
      createdAt: new Date().toISOString(),
    },
  };
  const receipt = await handler.handle(productStream(productId), product, (state) => (state.created ? exists('product', productId) : [created]), context);
  return { id: productId, receipt };
}
