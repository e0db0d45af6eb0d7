import { operationSchemas } from '../routes/operation-schemas.js';
import { querySchemas } from '../routes/query-schemas.js';
import type { JsonSchema } from '../validation/json-schema.js';
import type { ApiOperation, OpenApiResponse } from './api-operation.js';
import { componentRef } from './component-ref.js';
import { respond } from './respond.js';

const list = (name: string, items: string): JsonSchema => ({ type: 'object', properties: { [name]: { type: 'array', items: componentRef(items) } }, required: [name] });
const unknownProjection = respond.problem('No projection of that name.');
const refused = respond.problem('A query parameter, body or header that does not fit.');

/** Answers of the operations that need the admin token (admin-auth.ts). */
const adminRefusals: Record<string, OpenApiResponse> = {
  '401': respond.problem('No bearer token.', componentRef('Problem'), { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } }),
  '403': respond.problem('A wrong token, or no ADMIN_TOKEN configured (the operations are off).'),
};

/** Projections' status, workers, rebuilds and parked events (routes/projection-routes.ts); `names`: the platform's projections. */
export function projectionOperations(names: readonly string[]): ApiOperation[] {
  const pathParameters: Record<string, JsonSchema> = { name: { type: 'string', minLength: 1, examples: [...names] } };
  return [
    {
      method: 'get',
      path: '/api/projections',
      summary: 'The live and building generations of every projection: state, checkpoint, lag, parked events, last error',
      tag: 'operations',
      query: querySchemas.none,
      responses: { '200': respond.json('Their status.', list('projections', 'ProjectionStatus')), '400': refused },
    },
    {
      method: 'get',
      path: '/api/workers',
      summary: 'The workers alive now, with the generations each writes',
      tag: 'operations',
      query: querySchemas.none,
      responses: { '200': respond.json('The workers.', list('workers', 'Worker')), '400': refused },
    },
    {
      method: 'get',
      path: '/api/projections/:name',
      pathParameters,
      summary: 'The live and building generations of one projection',
      tag: 'operations',
      query: querySchemas.none,
      responses: {
        '200': respond.json('Its status.', { type: 'object', properties: { projection: { type: 'string' }, generations: { type: 'array', items: componentRef('ProjectionStatus') } }, required: ['projection', 'generations'] }),
        '400': refused,
        '404': unknownProjection,
      },
    },
    {
      method: 'post',
      path: '/api/projections/:name/rebuild',
      pathParameters,
      summary: 'Rebuild a projection from the first event, beside the live generation, which it replaces once caught up',
      tag: 'operations',
      admin: true,
      responses: {
        '202': respond.json('The new generation, building.', {
          type: 'object',
          properties: { projection: { type: 'string' }, generation: { type: 'integer', minimum: 0 }, state: { type: 'string' } },
          required: ['projection', 'generation', 'state'],
        }),
        '400': refused,
        ...adminRefusals,
        '404': unknownProjection,
        '409': respond.problem('A rebuild of this projection is in progress already.'),
      },
    },
    {
      method: 'get',
      path: '/api/projections/:name/parked',
      pathParameters,
      summary: 'The events the live generation of a projection set aside, with their errors',
      tag: 'operations',
      admin: true,
      query: querySchemas.none,
      responses: { '200': respond.json('The parked events, oldest first.', list('parked', 'ParkedEvent')), '400': refused, ...adminRefusals, '404': unknownProjection },
    },
    {
      method: 'post',
      path: '/api/projections/:name/parked/replay',
      pathParameters,
      summary: 'Apply the parked events of a projection again (of one stream, or of all)',
      tag: 'operations',
      admin: true,
      body: { schema: operationSchemas.replayParked, example: { stream: 'order-7f3c' }, required: false },
      responses: {
        '200': respond.json('How many were applied, and how many are still parked.', {
          type: 'object',
          properties: { replayed: { type: 'integer', minimum: 0 }, stillParked: { type: 'integer', minimum: 0 } },
          required: ['replayed', 'stillParked'],
        }),
        '400': refused,
        ...adminRefusals,
        '404': unknownProjection,
      },
    },
  ];
}
