import type { Aggregate } from '../../core/commands/aggregate.js';

/** One user's review of one product: its stream holds that review, or nothing. */
export interface ProductReview {
  readonly reviewed: boolean;
}

export const productReview: Aggregate<ProductReview> = {
  initialState: () => ({ reviewed: false }),
  evolve: (state, event) => (event.type === 'ProductReviewed' ? { reviewed: true } : state),
};
