import type { JsonObject, RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { Projection } from '../src/core/projections/projection.js';
import type { ProductCreated, ProductReviewed, ProductUpdated, StockUpdated } from '../src/domain/catalogue/product-events.js';

export const products = collection('products');

const stockStatus = (stock: number) => (stock > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK');

/** Exercise 3, read model 1: products by category and price range (the seed's MongoDB view). */
export const ProductView: Projection = {
  name: 'ProductView',
  version: 1,
  target: { kind: 'documents', collections: { products: { indexes: [{ fields: ['category', 'price'] }] } } },
  handlers: {
    ProductCreated: ({ data }: RecordedEvent<ProductCreated['data']>) =>
      products.put(data.productId, {
        productId: data.productId,
        name: data.name,
        description: data.description,
        price: data.price,
        category: data.category,
        stock: data.stock,
        stockStatus: stockStatus(data.stock),
        rating: 0,
        reviewCount: 0,
        ratingTotal: 0,
        createdAt: data.createdAt,
        updatedAt: data.createdAt,
      }),
    ProductUpdated: ({ data }: RecordedEvent<ProductUpdated['data']>) => {
      const { productId, updatedAt, ...changes } = data;
      return products.patch(productId, { ...(changes as JsonObject), updatedAt });
    },
    StockUpdated: ({ data }: RecordedEvent<StockUpdated['data']>) =>
      products.patch(data.productId, { stock: data.stock, stockStatus: stockStatus(data.stock), updatedAt: data.updatedAt }),
    ProductReviewed: async ({ data }: RecordedEvent<ProductReviewed['data']>, context) => {
      const product = await context.get('products', data.productId);
      if (!product) throw new Error(`product ${data.productId} was reviewed before it was created`);
      const reviewCount = Number(product.reviewCount) + 1;
      const ratingTotal = Number(product.ratingTotal) + data.rating;
      return products.patch(data.productId, { reviewCount, ratingTotal, rating: Math.round((ratingTotal / reviewCount) * 100) / 100 });
    },
  },
};
