import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem-details.js';

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Admin operations (rebuild, parked events) need `Authorization: Bearer <token>` with the
 * configured token (the scheme is case-insensitive, as RFC 9110 says). With no token
 * configured the operations are off: every request gets the same 403, with a token or
 * without. With one configured: 401 without a token, 403 with a wrong one.
 */
export function adminAuth(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, res, next) => {
    if (expected.length === 0) throw new HttpProblem({ status: 403, title: 'Forbidden', detail: 'admin operations are off: no admin token is configured (ADMIN_TOKEN)' });
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new HttpProblem({ status: 401, title: 'Unauthorized', detail: 'this operation needs Authorization: Bearer <admin token>' });
    }
    const given = Buffer.from(match[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpProblem({ status: 403, title: 'Forbidden', detail: 'the admin token is not valid' });
    }
    next();
  };
}
