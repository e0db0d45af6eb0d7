import { ProductSearch } from '../../projections/product-search.js';
import { ProductView } from '../../projections/product-view.js';
import { projectionSpec } from '../support/projection-spec.js';

const created = {
  type: 'ProductCreated',
  data: { productId: 'p1', name: 'Laptop Pro', description: 'High-performance laptop', price: 1299.99, category: 'electronics', stock: 3, createdAt: '2026-01-01T00:00:00.000Z' },
};

describe('ProductView', function () {
  it('tracks price, stock status, rating and review count', async function () {
    await projectionSpec(ProductView)
      .given(created)
      .when(
        { type: 'ProductUpdated', data: { productId: 'p1', price: 1199.99, updatedAt: '2026-01-02T00:00:00.000Z' } },
        { type: 'StockUpdated', data: { productId: 'p1', stock: 0, previousStock: 3, updatedAt: '2026-01-03T00:00:00.000Z' } },
        { type: 'ProductReviewed', data: { productId: 'p1', userId: 'u1', rating: 4, reviewedAt: '2026-01-04T00:00:00.000Z' } },
        { type: 'ProductReviewed', data: { productId: 'p1', userId: 'u2', rating: 5, reviewedAt: '2026-01-04T00:00:00.000Z' } },
      )
      .then({
        products: {
          p1: {
            productId: 'p1',
            name: 'Laptop Pro',
            description: 'High-performance laptop',
            price: 1199.99,
            category: 'electronics',
            stock: 0,
            stockStatus: 'OUT_OF_STOCK',
            rating: 4.5,
            reviewCount: 2,
            ratingTotal: 9,
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-03T00:00:00.000Z',
          },
        },
      });
  });

  it('is in stock while units are on hand', async function () {
    await projectionSpec(ProductView)
      .given({ ...created, data: { ...created.data, stock: 0 } })
      .when({ type: 'StockUpdated', data: { productId: 'p1', stock: 7, previousStock: 0, updatedAt: '2026-01-03T00:00:00.000Z' } })
      .then({
        products: {
          p1: {
            ...created.data,
            stock: 7,
            stockStatus: 'IN_STOCK',
            rating: 0,
            reviewCount: 0,
            ratingTotal: 0,
            updatedAt: '2026-01-03T00:00:00.000Z',
          },
        },
      });
  });
});

describe('ProductSearch', function () {
  it('indexes what search needs, and follows updates', async function () {
    await projectionSpec(ProductSearch)
      .given(created)
      .when({ type: 'ProductUpdated', data: { productId: 'p1', name: 'Laptop Pro 2', updatedAt: '2026-01-02T00:00:00.000Z' } })
      .then({
        products: {
          p1: { productId: 'p1', name: 'Laptop Pro 2', description: 'High-performance laptop', category: 'electronics', price: 1299.99, createdAt: '2026-01-01T00:00:00.000Z' },
        },
      });
  });
});
