import type { DomainEvent } from '../../core/commands/aggregate.js';

export type OrderItem = {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: number;
};

/** Carries the customer's name and email as they were, so the order view needs no join. */
export type OrderCreated = DomainEvent<
  'OrderCreated',
  {
    orderId: string;
    customerId: string;
    customerName: string;
    customerEmail: string;
    items: OrderItem[];
    total: number;
    status: 'PENDING';
    createdAt: string;
  }
>;

export type OrderEvent = OrderCreated;

export const orderStream = (orderId: string) => `order-${orderId}`;
