import type { JsonObject } from '../core/events.js';
import type { Condition, DocumentPage, DocumentQueries } from '../core/ports/document-queries.js';
import type { SearchQueries, SearchResult } from '../core/ports/search-queries.js';
import type { LiveGenerations } from '../core/projections/live-generations.js';
import { ProductSearch } from '../../projections/product-search.js';
import { ProductView } from '../../projections/product-view.js';
import { query, type Query } from './query.js';

export interface ProductFilter {
  readonly category?: string;
  readonly minPrice?: number;
  readonly maxPrice?: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Reads of the catalogue (exercise 3): structured queries on ProductView, full text on ProductSearch. */
export class CatalogueQueries {
  readonly product: Query<[productId: string], JsonObject | undefined>;
  /** The seed's `get_products_by_category`: category and price range, cheapest first, on the (category, price) index. */
  readonly products: Query<[filter: ProductFilter], DocumentPage>;
  /** The seed's `search_products`: name boosted over description, typo tolerant, filtered, by score then newest. */
  readonly searchProducts: Query<[text: string, filter: ProductFilter], SearchResult>;

  constructor(documents: DocumentQueries, search: SearchQueries, live: LiveGenerations) {
    this.product = query([ProductView], async (productId) => {
      const product = await documents.get(await live.of(ProductView), 'products', productId);
      if (!product) return undefined;
      const { ratingTotal: _internal, ...view } = product;
      return view;
    });
    this.products = query([ProductView], async (filter) => {
      const where: Condition[] = [];
      if (filter.category !== undefined) where.push({ field: 'category', op: 'eq', value: filter.category.toLowerCase() });
      if (filter.minPrice !== undefined) where.push({ field: 'price', op: 'gte', value: filter.minPrice });
      if (filter.maxPrice !== undefined) where.push({ field: 'price', op: 'lte', value: filter.maxPrice });
      const page = await documents.find(await live.of(ProductView), 'products', {
        where,
        orderBy: [{ field: 'price', direction: 'asc' }],
        limit: filter.pageSize,
        offset: (filter.page - 1) * filter.pageSize,
      });
      return { ...page, documents: page.documents.map(({ ratingTotal: _internal, ...view }) => view) };
    });
    this.searchProducts = query([ProductSearch], async (text, filter) => {
      const ranges = filter.minPrice !== undefined || filter.maxPrice !== undefined ? { price: { min: filter.minPrice, max: filter.maxPrice } } : undefined;
      return search.search(await live.of(ProductSearch), {
        text,
        ...(filter.category !== undefined ? { equals: { category: filter.category.toLowerCase() } } : {}),
        ...(ranges ? { ranges: ranges as { price: { min?: number; max?: number } } } : {}),
        tieBreaker: 'createdAt',
        from: (filter.page - 1) * filter.pageSize,
        size: filter.pageSize,
      });
    });
  }
}
