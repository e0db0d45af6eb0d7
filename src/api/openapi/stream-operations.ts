import { querySchemas } from '../routes/query-schemas.js';
import type { ApiOperation } from './api-operation.js';
import { requestHeaders } from './request-headers.js';
import { respond } from './respond.js';

const responses = {
  '200': respond.text(
    'Server-Sent Events: one event once the write is visible (the order itself, or `event: visible`), or `event: timeout`, or `event: error` with a problem; then the stream ends.',
    'text/event-stream',
  ),
  '400': respond.problem('Neither correlation nor consistentWith, or one this event store did not issue.'),
  '403': respond.problem('The browser origin is not in ALLOWED_ORIGINS.'),
  '503': respond.problem('Too many event streams are open (SSE_MAX_CONNECTIONS).'),
};

/** Server-Sent Events for a write (routes/stream-routes.ts). */
export const STREAM_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/api/orders/:id/stream',
    summary: 'The order, as one Server-Sent Event, once the write given is visible',
    tag: 'streams',
    query: querySchemas.stream,
    headers: [requestHeaders.consistentWith],
    responses,
  },
  {
    method: 'get',
    path: '/api/stream',
    summary: 'One Server-Sent Event once the write given is visible in every projection it concerns',
    tag: 'streams',
    query: querySchemas.stream,
    headers: [requestHeaders.consistentWith],
    responses,
  },
];
