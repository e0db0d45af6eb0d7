import type { RequestHandler } from 'express';
import type { ApiMetrics } from '../observability/api-metrics.js';
import { routeOf } from './route-of.js';

/** Times every request, from its arrival to the last byte of its answer, by method, route pattern and status. */
export function measureRequests(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => metrics.observeRequest({ method: req.method, route: routeOf(req, res), status: res.statusCode }, (performance.now() - started) / 1000));
    next();
  };
}
