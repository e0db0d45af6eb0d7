import type { Aggregate } from '../../core/commands/aggregate.js';
import type { ProductCreated, StockUpdated } from './product-events.js';

/** A product's stream grows with every stock change: its state is kept in snapshots. Reviews live in streams per product and user. */
export interface Product {
  readonly created: boolean;
  readonly stock: number;
}

export const product: Aggregate<Product> = {
  initialState: () => ({ created: false, stock: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ProductCreated':
        return { created: true, stock: (event.data as ProductCreated['data']).stock };
      case 'StockUpdated':
        return { ...state, stock: (event.data as StockUpdated['data']).stock };
      default:
        return state;
    }
  },
  snapshots: { version: 1 },
};
