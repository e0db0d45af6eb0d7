import type { JsonObject, RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { Projection } from '../src/core/projections/projection.js';
import type { ProductCreated, ProductUpdated } from '../src/domain/catalogue/product-events.js';

export const searchableProducts = collection('products');

/** Exercise 3, read model 2: full-text product search (the seed's Elasticsearch index). */
export const ProductSearch: Projection = {
  name: 'ProductSearch',
  version: 1,
  target: {
    kind: 'search',
    collection: 'products',
    fields: {
      name: { type: 'text', boost: 2 },
      description: { type: 'text', boost: 1 },
      category: { type: 'keyword', filterable: true },
      price: { type: 'number', filterable: true },
      createdAt: { type: 'date', sortable: true },
    },
  },
  handlers: {
    ProductCreated: ({ data }: RecordedEvent<ProductCreated['data']>) =>
      searchableProducts.put(data.productId, {
        productId: data.productId,
        name: data.name,
        description: data.description,
        category: data.category,
        price: data.price,
        createdAt: data.createdAt,
      }),
    ProductUpdated: async ({ data }: RecordedEvent<ProductUpdated['data']>, context) => {
      const current = await context.get('products', data.productId);
      if (!current) throw new Error(`product ${data.productId} was updated before it was created`);
      const { productId, updatedAt: _updatedAt, ...changes } = data;
      return searchableProducts.put(productId, { ...current, ...(changes as JsonObject) });
    },
  },
};
