import type { ErrorRequestHandler, Response } from 'express';
import { InvalidQueryError, ProjectionNotReadyError, RebuildInProgressError, UnknownGenerationError } from '../core/ports/read-model-errors.js';
import { SchemaError } from './validation/schema.js';
import { DomainError, InvalidCommandError, NotFoundError, RuleViolationError } from '../core/domain-errors.js';
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
  if (error instanceof UnknownGenerationError) return { status: 404, title: 'Not Found', detail: error.message };
  if (error instanceof ProjectionNotReadyError) return { status: 503, title: 'Service Unavailable', detail: error.message };
  if (error instanceof RebuildInProgressError) return { status: 409, title: 'Conflict', detail: error.message };
  if (error instanceof InvalidCommandError) return { status: 400, title: 'Bad Request', detail: error.message, field: error.field };
  if (error instanceof NotFoundError) return { status: 404, title: 'Not Found', detail: error.message };
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
  const status = (error as { status?: unknown; type?: unknown }).status;
  if (status === 413) return { status: 413, title: 'Content Too Large', detail: 'the request body is larger than the configured limit' };
  if ((error as { type?: unknown }).type === 'entity.parse.failed') {
    return { status: 400, title: 'Bad Request', detail: 'the request body is not valid JSON' };
  }
  return { status: 500, title: 'Internal Server Error', detail: 'the request failed unexpectedly' };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = problemFor(error);
  if (problem.status >= 500 && !(error instanceof HttpProblem)) console.error(`${req.method} ${req.originalUrl} failed:`, error);
  sendProblem(res, { ...problem, instance: req.originalUrl });
};
