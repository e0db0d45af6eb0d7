import type { DomainEvent } from '../../core/commands/aggregate.js';

export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  { customerId: string; name: string; email: string; registeredAt: string }
>;

export type CustomerEvent = CustomerRegistered;

export const customerStream = (customerId: string) => `customer-${customerId}`;
