import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { InvalidCommandError, NotFoundError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireId } from '../rules.js';
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
export async function updateProduct(handler: CommandHandler, command: UpdateProduct, context: CommandContext): Promise<Accepted> {
  const productId = requireId('productId', command.productId);
  const changes: Partial<ProductUpdated['data']> = {};
  for (const field of ['name', 'description', 'price', 'category'] as const) {
    if (command[field] !== undefined) Object.assign(changes, { [field]: productFields[field](command[field]) });
  }
  if (Object.keys(changes).length === 0) throw new InvalidCommandError('body', 'must change at least one of name, description, price, category');
  const outcome = await handler.handle(
    productStream(productId),
    product,
    (state): ProductUpdated[] => {
      if (!state.created) throw new NotFoundError('product', productId);
      return [{ type: 'ProductUpdated', data: { productId, ...changes, updatedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return accepted(productId, outcome);
}
