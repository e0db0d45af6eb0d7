import { Router } from 'express';
import type { BlogQueries } from '../../queries/blog-queries.js';
import { consistencyParameters, consistentRead, type ConsistencyDependencies } from '../consistent-read.js';
import { list, numeric, queryParameters } from '../validation/query.js';

/** Reads of the blog's three read models (exercise 2), each able to wait for a write. */
export function blogRoutes(blog: BlogQueries, consistency: ConsistencyDependencies): Router {
  const router = Router();
  router.get('/articles', async (req, res) => {
    const query = queryParameters(
      {
        ...consistencyParameters,
        tags: list({ max: 20, itemMax: 50 }),
        limit: numeric({ min: 1, max: 100, integer: true, default: 20 }),
        offset: numeric({ min: 0, max: 10_000, integer: true, default: 0 }),
      },
      req.query,
    );
    await consistentRead(req, res, consistency, query, blog.articles.with({ tags: query.tags ?? [], limit: query.limit!, offset: query.offset! }), '');
  });
  router.get('/articles/:id', async (req, res) => {
    const query = queryParameters(consistencyParameters, req.query);
    await consistentRead(req, res, consistency, query, blog.article.with(req.params.id), `article ${req.params.id} does not exist`);
  });
  router.get('/authors/:id/stats', async (req, res) => {
    const query = queryParameters(consistencyParameters, req.query);
    await consistentRead(req, res, consistency, query, blog.authorStats.with(req.params.id), `author ${req.params.id} does not exist`);
  });
  return router;
}
