import { MAX_SEARCH_TEXT } from '../../core/ports/search-queries.js';
import { consistencyParameters } from '../consistent-read.js';
import { list, numeric, text } from '../validation/query.js';

const paging = {
  limit: numeric({ min: 1, max: 100, integer: true, default: 20 }),
  offset: numeric({ min: 0, max: 10_000, integer: true, default: 0 }),
};

const productFilters = {
  category: text({ max: 100 }),
  minPrice: numeric({ min: 0, max: 1e9 }),
  maxPrice: numeric({ min: 0, max: 1e9 }),
  page: numeric({ min: 1, max: 10_000, integer: true, default: 1 }),
  pageSize: numeric({ min: 1, max: 100, integer: true, default: 20 }),
};

/**
 * The query string of each read, one shape per route: the route parses its query with it,
 * and the OpenAPI document describes the route's parameters from it (command-schemas.ts is
 * the same for bodies). A parameter not in the shape is refused (400).
 */
export const querySchemas = {
  /** Reads that take nothing but the write to wait for. */
  entity: consistencyParameters,
  customerOrders: { ...consistencyParameters, ...paging },
  articles: { ...consistencyParameters, tags: list({ max: 20, itemMax: 50 }), ...paging },
  products: { ...consistencyParameters, ...productFilters },
  productSearch: { ...consistencyParameters, ...productFilters, q: text({ max: MAX_SEARCH_TEXT, required: true }) },
  /** Server-Sent Events: the write the stream waits for. */
  stream: { correlation: consistencyParameters.correlation, consistentWith: consistencyParameters.consistentWith },
  /** Operations' reads: no parameter at all. */
  none: {},
};
