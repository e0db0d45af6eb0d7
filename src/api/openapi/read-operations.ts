import { querySchemas } from '../routes/query-schemas.js';
import type { ApiOperation } from './api-operation.js';
import { componentRef } from './component-ref.js';
import { readResponses } from './read-responses.js';
import { requestHeaders } from './request-headers.js';

/** A read answering `result` (a shared schema's name); `notFound` says when it answers 404. */
function read(path: string, summary: string, query: ApiOperation['query'], result: string, more: { notFound?: string; description?: string } = {}): ApiOperation {
  return {
    method: 'get',
    path,
    summary,
    ...(more.description ? { description: more.description } : {}),
    tag: 'reads',
    query,
    headers: [requestHeaders.consistentWith],
    responses: readResponses(componentRef(result), more.notFound),
  };
}

/** The reads of the read models (routes/order-, blog- and catalogue-routes.ts). */
export const READ_OPERATIONS: readonly ApiOperation[] = [
  read('/api/orders/:id', 'An order', querySchemas.entity, 'Document', { notFound: 'No such order (once the write given, if any, is visible).' }),
  read('/api/customers/:id/orders', 'The orders of a customer, newest first', querySchemas.customerOrders, 'DocumentPage'),
  read('/api/articles', 'Articles, newest first', querySchemas.articles, 'DocumentPage', { description: 'With tags, the articles carrying any of them (any-of).' }),
  read('/api/articles/:id', 'An article', querySchemas.entity, 'Document', { notFound: 'No such article (once the write given, if any, is visible).' }),
  read('/api/authors/:id/stats', 'The statistics of an author', querySchemas.entity, 'Document', { notFound: 'No such author (once the write given, if any, is visible).' }),
  read('/api/products', 'Products by category and price range, cheapest first', querySchemas.products, 'DocumentPage'),
  read(
    '/api/products/search',
    'Full-text search of products, by relevance',
    querySchemas.productSearch,
    'SearchResult',
    { description: 'q: at most 200 characters and 10 distinct words, each matched with typos; the name weighs more than the description.' },
  ),
  read('/api/products/:id', 'A product', querySchemas.entity, 'Document', { notFound: 'No such product (once the write given, if any, is visible).' }),
];
