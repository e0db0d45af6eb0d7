import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { InvalidCommandError, NotFoundError } from '../../core/domain-errors.js';
import { product } from './product.js';
import { productStream, type ProductUpdated } from './product-events.js';
import { productFields } from './product-fields.js';

export interface UpdateProduct {
  readonly productId: string;
  readonly name?: string;
  readonly description?: string;
  readonly price?: number;
  readonly category?: string;
}

/** Changes the given fields. Retried on a concurrent write: a field update does not depend on the others. */
export async function updateProduct(handler: CommandHandler, command: UpdateProduct, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { productId } = command;
  const changes: Partial<ProductUpdated['data']> = {
    ...(command.name !== undefined ? { name: productFields.name(command.name) } : {}),
    ...(command.description !== undefined ? { description: productFields.description(command.description) } : {}),
    ...(command.price !== undefined ? { price: productFields.price(command.price) } : {}),
    ...(command.category !== undefined ? { category: productFields.category(command.category) } : {}),
  };
  if (Object.keys(changes).length === 0) throw new InvalidCommandError('body', 'must change at least one of name, description, price, category');
  const receipt = await handler.handle(
    productStream(productId),
    product,
    (state): ProductUpdated[] => {
      if (!state.created) throw new NotFoundError('product', productId);
      return [{ type: 'ProductUpdated', data: { productId, ...changes, updatedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return { id: productId, receipt };
}
