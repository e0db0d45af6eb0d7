import type { RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { Projection } from '../src/core/projections/projection.js';
import type { OrderCreated } from '../src/domain/orders/order-events.js';

export const orders = collection('orders');

/**
 * Exercise 1 of the seed: the order, denormalised (the customer's name and email are copied
 * in), so that a customer's orders are one indexed query with no join. The busiest read model
 * (every order, and orders are what grows): split in three partitions, by order stream, which
 * workers share. Each order document is written from its own stream's events only.
 */
export const OrderView: Projection = {
  name: 'OrderView',
  version: 2,
  partitions: 3,
  target: { kind: 'documents', collections: { orders: { indexes: [{ fields: ['customerId', 'createdAt'] }] } } },
  handlers: {
    OrderCreated: ({ data }: RecordedEvent<OrderCreated['data']>) =>
      orders.put(data.orderId, {
        orderId: data.orderId,
        customerId: data.customerId,
        customerName: data.customerName,
        customerEmail: data.customerEmail,
        items: data.items,
        total: data.total,
        status: data.status,
        createdAt: data.createdAt,
      }),
  },
};
