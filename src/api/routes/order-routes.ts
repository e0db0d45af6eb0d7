import { Router } from 'express';
import type { OrderQueries } from '../../queries/order-queries.js';
import { consistentRead, type ConsistencyDependencies } from '../consistent-read.js';
import { queryParameters } from '../validation/query.js';
import { querySchemas } from './query-schemas.js';

/** Reads of orders (exercises 1 and 4), each able to wait for a write. */
export function orderRoutes(orders: OrderQueries, consistency: ConsistencyDependencies): Router {
  const router = Router();
  router.get('/orders/:id', async (req, res) => {
    const query = queryParameters(querySchemas.entity, req.query);
    await consistentRead(req, res, consistency, query, orders.order.with(req.params.id), `order ${req.params.id} does not exist`);
  });
  router.get('/customers/:id/orders', async (req, res) => {
    const query = queryParameters(querySchemas.customerOrders, req.query);
    await consistentRead(req, res, consistency, query, orders.customerOrders.with(req.params.id, { limit: query.limit!, offset: query.offset! }), '');
  });
  return router;
}
