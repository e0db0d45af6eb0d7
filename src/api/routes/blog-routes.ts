import { Router } from 'express';
import type { BlogQueries } from '../../queries/blog-queries.js';
import { consistentRead, type ConsistencyDependencies } from '../consistent-read.js';
import { queryParameters } from '../validation/query.js';
import { querySchemas } from './query-schemas.js';

/** Reads of the blog's three read models (exercise 2), each able to wait for a write. */
export function blogRoutes(blog: BlogQueries, consistency: ConsistencyDependencies): Router {
  const router = Router();
  router.get('/articles', async (req, res) => {
    const query = queryParameters(querySchemas.articles, req.query);
    await consistentRead(req, res, consistency, query, blog.articles.with({ tags: query.tags ?? [], limit: query.limit!, offset: query.offset! }), '');
  });
  router.get('/articles/:id', async (req, res) => {
    const query = queryParameters(querySchemas.entity, req.query);
    await consistentRead(req, res, consistency, query, blog.article.with(req.params.id), `article ${req.params.id} does not exist`);
  });
  router.get('/authors/:id/stats', async (req, res) => {
    const query = queryParameters(querySchemas.entity, req.query);
    await consistentRead(req, res, consistency, query, blog.authorStats.with(req.params.id), `author ${req.params.id} does not exist`);
  });
  return router;
}
