import type { Aggregate } from '../../core/commands/aggregate.js';
import type { RecordedEvent } from '../../core/events.js';
import type { CustomerRegistered } from './customer-events.js';

export interface Customer {
  readonly registered: boolean;
  readonly name: string;
  readonly email: string;
}

export const customer: Aggregate<Customer> = {
  initialState: () => ({ registered: false, name: '', email: '' }),
  evolve: (state, event: RecordedEvent) => {
    if (event.type !== 'CustomerRegistered') return state;
    const { name, email } = event.data as CustomerRegistered['data'];
    return { registered: true, name, email };
  },
};
