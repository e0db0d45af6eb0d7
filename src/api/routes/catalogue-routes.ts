import { Router } from 'express';
import type { CatalogueQueries } from '../../queries/catalogue-queries.js';
import { consistencyParameters, consistentRead, type ConsistencyDependencies } from '../consistent-read.js';
import { MAX_SEARCH_TEXT } from '../../core/ports/search-queries.js';
import { numeric, queryParameters, text } from '../validation/query.js';

const filters = {
  category: text({ max: 100 }),
  minPrice: numeric({ min: 0, max: 1e9 }),
  maxPrice: numeric({ min: 0, max: 1e9 }),
  page: numeric({ min: 1, max: 10_000, integer: true, default: 1 }),
  pageSize: numeric({ min: 1, max: 100, integer: true, default: 20 }),
};

/** Reads of the catalogue (exercise 3): structured queries, full-text search, one product. */
export function catalogueRoutes(catalogue: CatalogueQueries, consistency: ConsistencyDependencies): Router {
  const router = Router();
  router.get('/products/search', async (req, res) => {
    const query = queryParameters({ ...consistencyParameters, ...filters, q: text({ max: MAX_SEARCH_TEXT, required: true }) }, req.query);
    await consistentRead(req, res, consistency, query, catalogue.searchProducts.with(query.q!, filterOf(query)), '');
  });
  router.get('/products', async (req, res) => {
    const query = queryParameters({ ...consistencyParameters, ...filters }, req.query);
    await consistentRead(req, res, consistency, query, catalogue.products.with(filterOf(query)), '');
  });
  router.get('/products/:id', async (req, res) => {
    const query = queryParameters(consistencyParameters, req.query);
    await consistentRead(req, res, consistency, query, catalogue.product.with(req.params.id), `product ${req.params.id} does not exist`);
  });
  return router;
}

function filterOf(query: { category?: string; minPrice?: number; maxPrice?: number; page?: number; pageSize?: number }) {
  return {
    ...(query.category !== undefined ? { category: query.category } : {}),
    ...(query.minPrice !== undefined ? { minPrice: query.minPrice } : {}),
    ...(query.maxPrice !== undefined ? { maxPrice: query.maxPrice } : {}),
    page: query.page!,
    pageSize: query.pageSize!,
  };
}
