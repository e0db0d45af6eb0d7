import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem-details.js';

/**
 * Admin operations (rebuild, parked events) need `Authorization: Bearer <token>` with the
 * configured token: 401 without one, 403 with a wrong one, and 403 for everyone when no token
 * is configured (admin operations are then off).
 */
export function adminAuth(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, res, next) => {
    const header = req.get('authorization');
    const given = header?.startsWith('Bearer ') ? Buffer.from(header.slice(7)) : undefined;
    if (!given) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new HttpProblem({ status: 401, title: 'Unauthorized', detail: 'this operation needs Authorization: Bearer <admin token>' });
    }
    if (expected.length === 0) throw new HttpProblem({ status: 403, title: 'Forbidden', detail: 'admin operations are off: no admin token is configured (ADMIN_TOKEN)' });
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpProblem({ status: 403, title: 'Forbidden', detail: 'the admin token is not valid' });
    }
    next();
  };
}
