import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { badRequest } from './problem-details.js';

/** A well-formed correlation id (the OpenAPI document states it as the header's pattern). */
export const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed `X-Correlation-Id`, or generates one, and echoes it on the response. */
export const correlation: RequestHandler = (req, res, next) => {
  const given = req.get('x-correlation-id');
  if (given !== undefined && !CORRELATION_ID.test(given)) {
    throw badRequest('X-Correlation-Id must be 1 to 128 letters, digits or . _ : -');
  }
  const id = given ?? randomUUID();
  res.locals.correlationId = id;
  res.set('X-Correlation-Id', id);
  next();
};
