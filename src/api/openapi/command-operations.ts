import { commandSchemas } from '../commands/command-schemas.js';
import type { CommandRoute } from '../commands/command-table.js';
import type { JsonSchema } from '../validation/json-schema.js';
import type { ApiOperation } from './api-operation.js';
import { requestHeaders } from './request-headers.js';
import { respond } from './respond.js';

const text: JsonSchema = { type: 'string' };

/** What command-router.ts answers for a write: the id under the route's name for it, the correlation id and the token. */
function accepted(route: CommandRoute): JsonSchema {
  return {
    type: 'object',
    properties: {
      [route.answersWith]: text,
      correlationId: text,
      token: { type: 'string', description: 'The consistency token: give it to a read as consistentWith to read this write.' },
      status: { const: 'PROCESSING' },
      links: {
        type: 'object',
        properties: { self: text, status: { type: 'string', description: 'self, waiting for this write.' } },
        required: ['self', 'status'],
        additionalProperties: false,
      },
    },
    required: [route.answersWith, 'correlationId', 'token', 'status', 'links'],
    additionalProperties: false,
  };
}

/** The command table's writes, each with its body's schema and example as the table declares them. */
export function commandOperations(routes: readonly CommandRoute[]): ApiOperation[] {
  return routes.map((route) => {
    const addressed = route.path.includes(':id');
    return {
      method: route.method,
      path: `/api${route.path}`,
      summary: route.summary,
      tag: 'commands',
      ...(addressed ? { pathParameters: { id: commandSchemas.pathId.json } } : {}),
      headers: [requestHeaders.idempotencyKey],
      body: { schema: route.schema, example: route.example, required: true },
      responses: {
        '202': respond.json('Accepted: the events are appended; the read models follow.', accepted(route), {
          Location: { description: 'Where the entity is read.', schema: text },
          'Idempotent-Replayed': { description: 'true when this answers an earlier request with the same Idempotency-Key.', schema: { const: 'true' } },
        }),
        '400': respond.problem('The body does not fit the schema (the problem names the field), is not JSON, or a header is malformed.'),
        ...(addressed ? { '404': respond.problem(`No such entity at ${route.path}.`) } : {}),
        '409': respond.problem('The entity exists already, or changed concurrently and the command could not be decided again.'),
        '413': respond.problem('The body, or an event it makes, is larger than the limit.'),
        '422': respond.problem('A domain rule refused the command (the problem names it), or the Idempotency-Key was used with another body.'),
        '503': respond.problem('The event store is unavailable; retry shortly.'),
      },
    };
  });
}
