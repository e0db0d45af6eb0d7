import type { JsonObject } from '../core/events.js';
import type { DocumentPage, DocumentQueries } from '../core/ports/document-queries.js';
import type { LiveGenerations } from '../core/projections/live-generations.js';
import { OrderView } from '../../projections/order-view.js';
import { query, type Query } from './query.js';

/** Reads of OrderView: one order, and a customer's orders newest first, with no join. */
export class OrderQueries {
  readonly order: Query<[orderId: string], JsonObject | undefined>;
  readonly customerOrders: Query<[customerId: string, page: { limit: number; offset: number }], DocumentPage>;

  constructor(documents: DocumentQueries, live: LiveGenerations) {
    this.order = query([OrderView], async (orderId) => documents.get(await live.of(OrderView), 'orders', orderId));
    this.customerOrders = query([OrderView], async (customerId, page) =>
      documents.find(await live.of(OrderView), 'orders', {
        where: [{ field: 'customerId', op: 'eq', value: customerId }],
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        ...page,
      }),
    );
  }
}
