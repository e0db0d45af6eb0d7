import type { Aggregate } from '../../core/commands/command-handler.js';
import type { ProductCreated, ProductReviewed, StockUpdated } from './product-events.js';

export interface Product {
  readonly created: boolean;
  readonly stock: number;
  /** Users who reviewed it: a user reviews a product once. Grown in place while folding. */
  readonly reviewedBy: Set<string>;
}

export const product: Aggregate<Product> = {
  initialState: () => ({ created: false, stock: 0, reviewedBy: new Set() }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ProductCreated':
        return { ...state, created: true, stock: (event.data as ProductCreated['data']).stock };
      case 'StockUpdated':
        return { ...state, stock: (event.data as StockUpdated['data']).stock };
      case 'ProductReviewed':
        state.reviewedBy.add((event.data as ProductReviewed['data']).userId);
        return state;
      default:
        return state;
    }
  },
};
