import type { ErrorRequestHandler, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { OriginNotAllowedError, TooManyConnectionsError } from '../notifications/sse.js';
import { UnknownProjectionError } from '../core/generations/unknown-projection-error.js';
import { InvalidQueryError, ProjectionNotReadyError, RebuildInProgressError, UnknownGenerationError } from '../core/ports/read-model-errors.js';
import { SchemaError } from './validation/schema.js';
import { AlreadyExistsError, DomainError, InvalidCommandError, NotFoundError, RuleViolationError } from '../core/domain-errors.js';
import {
  EventStoreError,
  EventStoreUnavailableError,
  EventTooLargeError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../core/ports/event-store-errors.js';

/** An RFC 9457 problem: what the client did wrong, or what failed, in one precise sentence. */
export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

/** Raised by the API itself for a request it refuses before any command runs. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function badRequest(detail: string, extensions: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem({ status: 400, title: 'Bad Request', detail, ...extensions });
}

/** The one map from errors to HTTP statuses. */
export function problemFor(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof SchemaError) return { status: 400, title: 'Bad Request', detail: error.message, field: error.field };
  if (error instanceof InvalidQueryError) return { status: 400, title: 'Bad Request', detail: error.message };
  if (error instanceof UnknownGenerationError || error instanceof UnknownProjectionError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof ProjectionNotReadyError) return { status: 503, title: 'Service Unavailable', detail: error.message };
  if (error instanceof RebuildInProgressError) return { status: 409, title: 'Conflict', detail: error.message };
  if (error instanceof InvalidCommandError) return { status: 400, title: 'Bad Request', detail: error.message, field: error.field };
  if (error instanceof NotFoundError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof AlreadyExistsError) return { status: 409, title: 'Conflict', detail: error.message };
  if (error instanceof RuleViolationError) return { status: 422, title: 'Unprocessable Content', detail: error.message, rule: error.rule };
  if (error instanceof DomainError) return { status: 422, title: 'Unprocessable Content', detail: error.message };
  if (error instanceof WrongExpectedRevisionError) {
    return { status: 409, title: 'Conflict', detail: `${error.stream} was changed concurrently; reload and retry` };
  }
  if (error instanceof EventTooLargeError) return { status: 413, title: 'Content Too Large', detail: error.message };
  if (error instanceof InvalidAppendError) return { status: 400, title: 'Bad Request', detail: error.message };
  if (error instanceof EventStoreUnavailableError || error instanceof EventStoreError) {
    return { status: 503, title: 'Service Unavailable', detail: 'the event store is unavailable; retry shortly' };
  }
  if (error instanceof TooManyConnectionsError) return { status: 503, title: 'Service Unavailable', detail: error.message };
  if (error instanceof OriginNotAllowedError) return { status: 403, title: 'Forbidden', detail: error.message };
  const clientError = clientErrorOf(error);
  if (clientError) return clientError;
  return { status: 500, title: 'Internal Server Error', detail: 'the request failed unexpectedly' };
}

/**
 * Errors from Express and its body parser carry the 4xx status they mean (a path parameter
 * that is not valid percent-encoding, a charset or content encoding the parser cannot read,
 * a body too large or not JSON): each keeps its status, with a sentence saying what was wrong.
 */
function clientErrorOf(error: unknown): Problem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, type, code, message, expose } = error as Record<string, unknown>;
  const given = typeof status === 'number' ? status : statusCode;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 400 || given > 499) return undefined;
  const title = STATUS_CODES[given] ?? 'Bad Request';
  const text = typeof message === 'string' ? message : '';
  const detail =
    CLIENT_ERROR_DETAILS[String(type)] ??
    (typeof code === 'string' && code.startsWith('Z_') ? 'the request body does not decode with its content-encoding' : undefined) ??
    (text.startsWith('Failed to decode param') ? `a path segment is not valid percent-encoded UTF-8: ${text.slice('Failed to decode param '.length)}` : undefined) ??
    (expose !== false && text ? text : title);
  return { status: given, title, detail };
}

const CLIENT_ERROR_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'the request body is not valid JSON',
  'entity.too.large': 'the request body is larger than the configured limit',
  'entity.verify.failed': 'the request body could not be verified',
  'charset.unsupported': 'the request body must be JSON in UTF-8 (content-type: application/json; charset=utf-8)',
  'encoding.unsupported': 'the request body must be sent without content-encoding, or with gzip, deflate or br',
  'request.aborted': 'the request was aborted before its body arrived',
  'request.size.invalid': 'the request body is not as long as its content-length says',
  'stream.encoding.set': 'the request body could not be read',
};

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = problemFor(error);
  // An unexpected failure goes on the request's access log line (src/api/access-log.ts), with
  // its stack, as a field: the request's own text never enters a format string.
  if (problem.status >= 500 && !(error instanceof HttpProblem || error instanceof TooManyConnectionsError)) res.err = error instanceof Error ? error : new Error(String(error));
  if (res.headersSent) return void res.end();
  sendProblem(res, { ...problem, instance: req.originalUrl });
};
