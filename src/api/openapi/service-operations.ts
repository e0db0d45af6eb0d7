import type { ApiOperation } from './api-operation.js';
import { respond } from './respond.js';

/** Liveness, readiness, metrics and this document (routes/health-, metrics- and openapi-routes.ts). */
export const SERVICE_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers',
    tag: 'service',
    responses: { '200': respond.json('Alive.', { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }) },
  },
  {
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the stores answer and no projection failed or stopped',
    tag: 'service',
    responses: {
      '200': respond.json('Ready.', { type: 'object', properties: { status: { const: 'ready' }, projections: { type: 'integer', minimum: 0 } }, required: ['status', 'projections'] }),
      '503': respond.problem('A store is unreachable, or a projection failed or stopped (the problem names it).'),
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Every metric of the platform, in Prometheus text format',
    tag: 'service',
    responses: { '200': respond.text('The metrics.', 'text/plain') },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'service',
    responses: { '200': respond.json('OpenAPI 3.1.', { type: 'object', properties: { openapi: { type: 'string' } }, required: ['openapi'] }), '400': respond.problem('A malformed header.') },
  },
];
