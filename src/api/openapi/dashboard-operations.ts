import type { ApiOperation } from './api-operation.js';
import { respond } from './respond.js';

/** The dashboard's page and its files (routes/dashboard-routes.ts). */
export const DASHBOARD_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/',
    summary: 'The dashboard: projections, lag, rebuilds, parked events and workers, live',
    tag: 'service',
    responses: { '200': respond.text('The page.', 'text/html') },
  },
  {
    method: 'get',
    path: '/dashboard/:file',
    summary: 'A script, style sheet or image of the dashboard',
    tag: 'service',
    pathParameters: { file: { type: 'string', minLength: 1, examples: ['dashboard.js'] } },
    responses: {
      '200': {
        description: 'The file.',
        content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } }, 'image/svg+xml': { schema: { type: 'string' } } },
      },
      '404': respond.problem('No such file.'),
    },
  },
];
