import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { NotFoundError, RuleViolationError } from '../../core/domain-errors.js';
import { atLeast } from '../rules.js';
import { productReview } from './product-review.js';
import { product } from './product.js';
import { productReviewStream, productStream, type ProductReviewed } from './product-events.js';

export interface ReviewProduct {
  readonly productId: string;
  readonly userId: string;
  readonly rating: number;
}

/**
 * A rating from 1 to 5, once per user: what the product view's rating and reviewCount are made
 * of. Like a like, it goes to the user's own review stream of the product.
 */
export async function reviewProduct(handler: CommandHandler, command: ReviewProduct, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { productId, userId } = command;
  const rating = atLeast('rating', command.rating, 1);
  if (rating > 5) throw new RuleViolationError('rating.maximum', 'rating must be at most 5');
  const { state: reviewed } = await handler.load(productStream(productId), product);
  if (!reviewed.created) throw new NotFoundError('product', productId);
  const receipt = await handler.handle(
    productReviewStream(productId, userId),
    productReview,
    (state): ProductReviewed[] => {
      if (state.reviewed) throw new RuleViolationError('product.review-once-per-user', `user ${userId} already reviewed product ${productId}`);
      return [{ type: 'ProductReviewed', data: { productId, userId, rating, reviewedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return { id: productId, receipt };
}
