import type { Request, RequestHandler, Response } from 'express';

/**
 * Remembers where the router that is about to run is mounted (`/api`): once a request failed
 * out of it, Express has already reset `req.baseUrl`, but `req.route` still names the route.
 */
export const rememberMount: RequestHandler = (req, res, next) => {
  res.locals.mount = req.baseUrl;
  next();
};

/**
 * The route pattern a request matched (`/api/orders/:id`), for logs and metrics: never the raw
 * URL, whose ids would make a series per document. `unmatched` for a request no route took.
 */
export function routeOf(req: Request, res: Response): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return 'unmatched';
  const mount = typeof res.locals.mount === 'string' ? res.locals.mount : req.baseUrl;
  return `${mount}${path}`;
}
