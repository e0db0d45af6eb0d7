import type { JsonObject } from '../core/events.js';
import type { DocumentPage, DocumentQueries } from '../core/ports/document-queries.js';
import type { LiveGenerations } from '../core/projections/live-generations.js';
import { OrderView } from '../../projections/order-view.js';

/** Reads of OrderView: one order, and a customer's orders newest first, with no join. */
export class OrderQueries {
  constructor(
    private readonly documents: DocumentQueries,
    private readonly live: LiveGenerations,
  ) {}

  async order(orderId: string): Promise<JsonObject | undefined> {
    return this.documents.get(await this.live.of(OrderView), 'orders', orderId);
  }

  async customerOrders(customerId: string, page: { limit: number; offset: number }): Promise<DocumentPage> {
    return this.documents.find(await this.live.of(OrderView), 'orders', {
      where: [{ field: 'customerId', op: 'eq', value: customerId }],
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      ...page,
    });
  }
}
