import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { NotFoundError } from '../../core/domain-errors.js';
import { atLeast } from '../rules.js';
import { product } from './product.js';
import { productStream, type StockUpdated } from './product-events.js';

export interface UpdateStock {
  readonly productId: string;
  readonly stock: number;
}

/** Sets the units on hand. Retried on a concurrent write: the latest count is what the caller states. */
export async function updateStock(handler: CommandHandler, command: UpdateStock, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { productId } = command;
  const stock = atLeast('stock', command.stock, 0);
  const receipt = await handler.handle(
    productStream(productId),
    product,
    (state): StockUpdated[] => {
      if (!state.created) throw new NotFoundError('product', productId);
      return [{ type: 'StockUpdated', data: { productId, stock, previousStock: state.stock, updatedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return { id: productId, receipt };
}
