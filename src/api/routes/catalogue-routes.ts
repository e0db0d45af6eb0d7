import { Router } from 'express';
import type { CatalogueQueries } from '../../queries/catalogue-queries.js';
import { consistentRead, type ConsistencyDependencies } from '../consistent-read.js';
import { queryParameters } from '../validation/query.js';
import { querySchemas } from './query-schemas.js';

/** Reads of the catalogue (exercise 3): structured queries, full-text search, one product. */
export function catalogueRoutes(catalogue: CatalogueQueries, consistency: ConsistencyDependencies): Router {
  const router = Router();
  router.get('/products/search', async (req, res) => {
    const query = queryParameters(querySchemas.productSearch, req.query);
    await consistentRead(req, res, consistency, query, catalogue.searchProducts.with(query.q!, filterOf(query)), '');
  });
  router.get('/products', async (req, res) => {
    const query = queryParameters(querySchemas.products, req.query);
    await consistentRead(req, res, consistency, query, catalogue.products.with(filterOf(query)), '');
  });
  router.get('/products/:id', async (req, res) => {
    const query = queryParameters(querySchemas.entity, req.query);
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
