import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { NotFoundError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireCount, requireId } from '../rules.js';
import { product } from './product.js';
import { productStream, type StockUpdated } from './product-events.js';

export interface UpdateStock {
  readonly productId: string;
  readonly stock: number;
}

/** Sets the units on hand. Retried on a concurrent write: the latest count is what the caller states. */
export async function updateStock(handler: CommandHandler, command: UpdateStock, context: CommandContext): Promise<Accepted> {
  const productId = requireId('productId', command.productId);
  const stock = requireCount('stock', command.stock, 0);
  const outcome = await handler.handle(
    productStream(productId),
    product,
    (state): StockUpdated[] => {
      if (!state.created) throw new NotFoundError('product', productId);
      return [{ type: 'StockUpdated', data: { productId, stock, previousStock: state.stock, updatedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return accepted(productId, outcome);
}
