import { OrderView } from '../../projections/order-view.js';
import { projectionSpec } from '../support/projection-spec.js';

describe('OrderView', function () {
  const created = {
    orderId: 'o1',
    customerId: 'c1',
    customerName: 'Ana Pérez',
    customerEmail: 'ana@example.com',
    items: [{ productId: 'p1', quantity: 2, unitPrice: 10.5 }],
    total: 21,
    status: 'PENDING',
    createdAt: '2026-01-01T10:00:00.000Z',
  };

  it('stores the order with the customer’s name and email copied in', async function () {
    await projectionSpec(OrderView)
      .given()
      .when({ type: 'OrderCreated', data: created })
      .then({ orders: { o1: created } });
  });

  it('ignores the customer’s registration: the order event carries what the view needs', async function () {
    await projectionSpec(OrderView)
      .given({ type: 'CustomerRegistered', data: { customerId: 'c1', name: 'Ana', email: 'ana@example.com', registeredAt: 'x' } })
      .when({ type: 'OrderCreated', data: created }, { type: 'OrderCreated', data: { ...created, orderId: 'o2', total: 5 } })
      .then({ orders: { o1: created, o2: { ...created, orderId: 'o2', total: 5 } } });
  });
});
