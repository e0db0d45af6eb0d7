import type { JsonSchema } from '../validation/json-schema.js';

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const count: JsonSchema = { type: 'integer', minimum: 0 };
const text: JsonSchema = { type: 'string' };
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});

const problem: JsonSchema = {
  type: 'object',
  description: 'RFC 9457: what was wrong with the request, or what failed, in one sentence (`detail`).',
  properties: {
    status: { type: 'integer', minimum: 400, maximum: 599 },
    title: text,
    detail: text,
    instance: { ...text, description: 'The request path and query.' },
    field: { ...text, description: 'The body field, query parameter or header that was refused.' },
    rule: { ...text, description: 'The domain rule that refused the command (422), e.g. article.title-min-length.' },
  },
  required: ['status', 'title', 'detail'],
};

/**
 * The schemas the operations share, and the admin token's scheme. What reads answer is a
 * document of a projection: its fields are the projection's (see projections/), not the API's.
 */
export const openApiComponents = {
  schemas: {
    Problem: problem,
    Timeout: {
      ...problem,
      properties: { ...problem.properties, error: { const: 'Timeout' }, message: text, retryAfter: count },
      required: [...problem.required!, 'retryAfter'],
    },
    Processing: object(
      { status: { const: 'PROCESSING' }, message: text, retryAfter: count },
      'The write is not visible yet in the read models behind this read: retry after retryAfter seconds, or read with wait=true.',
    ),
    Document: { type: 'object', description: 'A document of the read model, as its projection wrote it.' },
    DocumentPage: object({ documents: { type: 'array', items: { $ref: '#/components/schemas/Document' } }, total: { ...count, description: 'Matches on all pages.' } }),
    SearchResult: object({ hits: { type: 'array', items: { $ref: '#/components/schemas/Document' } }, total: { ...count, description: 'Matches on all pages.' } }),
    ProjectionStatus: object({
      projection: text,
      generation: count,
      version: { type: 'integer' },
      registryState: { enum: ['building', 'live', 'retired', 'failed', 'cancelled'] },
      state: { enum: ['catching_up', 'live', 'rebuilding', 'stopped', 'failed', 'standby', 'idle'] },
      checkpoint: nullable({ ...text, description: 'The last position applied, in decimal.' }),
      lag: object({ events: count, ms: count }),
      parked: count,
      lastError: nullable(object({ message: text, at: text })),
      stoppedAt: nullable(object({ position: text, eventId: text, eventType: text, stream: text, error: text })),
      store: text,
      eventsPerSecond: nullable({ type: 'number' }),
      group: nullable(object({ name: text, checkpoint: nullable(text), parked: count, consumers: { type: 'array', items: text } })),
      owner: nullable(object({ worker: text, epoch: { type: 'integer' }, expiresInMs: { type: 'integer' }, heartbeatAgeMs: nullable({ type: 'integer' }) })),
      partitions: nullable({
        type: 'array',
        description: 'A partitioned projection\'s partitions, each with its own state, checkpoint, lag, parked events, group and owner; null when it is not partitioned.',
        items: object({
          partition: count,
          state: { enum: ['catching_up', 'live', 'rebuilding', 'stopped', 'failed', 'standby', 'idle'] },
          checkpoint: nullable(text),
          lag: object({ events: count, ms: count }),
          parked: count,
          owner: nullable(object({ worker: text, epoch: { type: 'integer' }, expiresInMs: { type: 'integer' }, heartbeatAgeMs: nullable({ type: 'integer' }) })),
        }),
      }),
    }),
    Worker: object({ worker: text, heartbeatAgeMs: { type: 'integer' }, writes: { type: 'array', items: text } }),
    ParkedEvent: object({ position: text, stream: text, eventId: text, eventType: text, error: text, attempts: count, parkedAt: text }),
  } satisfies Record<string, JsonSchema>,
  securitySchemes: {
    adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN; with none configured, the admin operations answer 403 to everyone.' },
  },
};
