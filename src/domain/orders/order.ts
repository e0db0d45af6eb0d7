import type { Aggregate } from '../../core/commands/aggregate.js';

export interface Order {
  readonly created: boolean;
}

export const order: Aggregate<Order> = {
  initialState: () => ({ created: false }),
  evolve: (state, event) => (event.type === 'OrderCreated' ? { created: true } : state),
};
