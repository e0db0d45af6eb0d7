import type { JsonSchema } from '../validation/json-schema.js';
import type { OpenApiResponse } from './api-operation.js';
import { componentRef } from './component-ref.js';
import { respond } from './respond.js';

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before reading again.', schema: { type: 'integer', minimum: 0 } as JsonSchema } };

/**
 * What a read that can wait for a write answers (consistent-read.ts): the result once the
 * write is visible, 202 or 408 while it is not, a problem once a projection parked one of its
 * events; `notFound` for a read of one entity.
 */
export function readResponses(result: JsonSchema, notFound?: string): Record<string, OpenApiResponse> {
  return {
    '200': respond.json('The result, with the write given (if any) visible in it.', result),
    '202': respond.json('Without wait=true: the write given is not visible yet.', componentRef('Processing'), retryAfter),
    '400': respond.problem('A query parameter or header that does not fit, or a token or correlation id this event store did not issue.'),
    ...(notFound ? { '404': respond.problem(notFound) } : {}),
    '408': respond.problem('With wait=true: the write given was not visible before the timeout.', componentRef('Timeout'), retryAfter),
    '500': respond.problem('A projection behind this read parked one of the write\'s events; the problem names the event and its error.'),
    '503': respond.problem('A store is unavailable, or the read model is not ready yet.'),
  };
}
