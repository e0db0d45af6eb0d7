import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { NotFoundError, RuleViolationError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireCount, requireId } from '../rules.js';
import { product } from './product.js';
import { productStream, type ProductReviewed } from './product-events.js';

export interface ReviewProduct {
  readonly productId: string;
  readonly userId: string;
  readonly rating: number;
}

/** A rating from 1 to 5, once per user: what the product view's rating and reviewCount are made of. */
export async function reviewProduct(handler: CommandHandler, command: ReviewProduct, context: CommandContext): Promise<Accepted> {
  const productId = requireId('productId', command.productId);
  const userId = requireId('userId', command.userId);
  const rating = requireCount('rating', command.rating, 1);
  if (rating > 5) throw new RuleViolationError('rating.maximum', 'rating must be at most 5');
  const outcome = await handler.handle(
    productStream(productId),
    product,
    (state): ProductReviewed[] => {
      if (!state.created) throw new NotFoundError('product', productId);
      if (state.reviewedBy.has(userId)) throw new RuleViolationError('product.review-once-per-user', `user ${userId} already reviewed product ${productId}`);
      return [{ type: 'ProductReviewed', data: { productId, userId, rating, reviewedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return accepted(productId, outcome);
}
