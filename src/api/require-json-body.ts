import type { RequestHandler } from 'express';
import { HttpProblem } from './problem-details.js';

/**
 * A request that carries a body must say that it is JSON: express.json reads no other type, so
 * a body of another type (text/plain, a form) would reach its route as no body at all and be
 * refused as if it were not an object. A request without a body (none, or content-length 0) passes.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const carriesBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (carriesBody && !req.is('application/json')) {
    throw new HttpProblem({ status: 415, title: 'Unsupported Media Type', detail: 'the request body must be JSON, sent with content-type: application/json' });
  }
  next();
};
