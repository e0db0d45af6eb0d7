import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routeOf } from './route-of.js';

/** Requests an operator does not want a line for at `info`: probes and scrapes. */
const QUIET_ROUTES = new Set(['/health', '/ready', '/metrics']);

/**
 * One line per request once it is answered (pino-http): method, URL, route pattern, status,
 * duration, the request's correlation id when it has one, and the causation id of a command's
 * events (the command's id). No header is logged, so no credential can be; a request that
 * failed unexpectedly carries its error (`res.err`, set by the problem handler) at level
 * `error`. `req.log` is the request's logger for the handlers.
 */
export function accessLog(log: Logger): RequestHandler {
  // pino-http types the Node objects; Express added its own to these very objects.
  const asExpress = (req: IncomingMessage, res: ServerResponse) => ({ req: req as Request, res: res as Response });
  const fields = (req: IncomingMessage, res: ServerResponse) => {
    const { req: request, res: response } = asExpress(req, res);
    const { correlationId, causationId } = (response.locals ?? {}) as { correlationId?: unknown; causationId?: unknown };
    return {
      route: routeOf(request, response),
      ...(typeof correlationId === 'string' ? { correlationId } : {}),
      ...(typeof causationId === 'string' ? { causationId } : {}),
    };
  };
  return pinoHttp({
    logger: log,
    genReqId: () => randomUUID(),
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      if (error || res.err) return 'error';
      if (res.statusCode >= 500) return 'warn';
      const { req: request, res: response } = asExpress(req, res);
      return QUIET_ROUTES.has(routeOf(request, response)) ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, value: object) => ({ ...value, ...fields(req, res) }),
    customErrorObject: (req, res, error, value: { err?: unknown }) => ({ ...value, ...fields(req, res), err: res.err ?? (error.message.startsWith('failed with status code') ? undefined : error) }),
    customSuccessMessage: () => 'request answered',
    customErrorMessage: () => 'request failed',
  });
}
