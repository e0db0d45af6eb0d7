import type { ApiOperation, OpenApiResponse } from './api-operation.js';
import { openApiComponents } from './openapi-components.js';
import { requestHeaders } from './request-headers.js';
import { respond } from './respond.js';

/** The OpenAPI 3.1 document, as `GET /api/openapi.json` serves it. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: typeof openApiComponents;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
}

const TAGS = [
  { name: 'commands', description: 'Writes: 202 with the id, the correlation id and a consistency token, never the entity.' },
  { name: 'reads', description: 'Reads of the read models; given a write (consistentWith or correlation), they answer once it is visible.' },
  { name: 'streams', description: 'Server-Sent Events telling when a write is visible.' },
  { name: 'operations', description: 'Projections: status, workers, rebuilds, parked events.' },
  { name: 'service', description: 'Liveness, readiness, metrics, the dashboard, this document.' },
];

/** Builds the document from the operations' declarations: the request schemas are the ones the routes check with. */
export function openApiDocument(operations: readonly ApiOperation[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[operation.method] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Projectionist',
      version: '1.0.0',
      description: 'The read side of CQRS: commands append events, projections keep read models, reads can wait until a given write is visible. Errors are application/problem+json.',
    },
    paths,
    components: openApiComponents,
    tags: TAGS,
  };
}

function operationObject(operation: ApiOperation): Record<string, unknown> {
  // Every route under /api reads X-Correlation-Id (correlation.ts).
  const headers = [...(operation.path.startsWith('/api/') ? [requestHeaders.correlationId] : []), ...(operation.headers ?? [])];
  const pathNames = [...operation.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const parameters = [
    ...pathNames.map((name) => ({ name, in: 'path', required: true, schema: operation.pathParameters?.[name] ?? { type: 'string', minLength: 1 } })),
    ...Object.entries(operation.query ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !schema.optional,
      schema: schema.json,
      // A list is one comma-separated value (validation/query.ts), not a repeated parameter.
      ...(schema.json.type === 'array' ? { style: 'form', explode: false } : {}),
    })),
    ...headers.map((header) => ({ name: header.name, in: 'header', required: false, description: header.description, schema: header.schema })),
  ];
  const { body } = operation;
  return {
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    parameters,
    ...(body ? { requestBody: { required: body.required, content: { 'application/json': { schema: body.schema.json, example: body.example } } } } : {}),
    responses: responsesOf(operation),
    ...(operation.admin ? { security: [{ adminToken: [] }] } : {}),
  };
}

/**
 * The operation's own answers, and those any request may get before its route runs: Node's
 * parser refuses a request that is not HTTP or whose headers (request line included) pass
 * 16 KiB (answer-malformed-request.ts), and the JSON parser a body it cannot read.
 */
function responsesOf(operation: ApiOperation): Record<string, OpenApiResponse> {
  const responses: Record<string, OpenApiResponse> = {
    '400': respond.problem('The request is not well-formed HTTP/1.1.'),
    '431': respond.problem('The request line or its headers are larger than 16 KiB.'),
    ...(operation.body
      ? {
          '413': respond.problem('The body is larger than the limit (HTTP_BODY_LIMIT_BYTES).'),
          '415': respond.problem('A body that is not JSON (content-type: application/json) in UTF-8, or in an unknown content-encoding.'),
        }
      : {}),
    ...operation.responses,
  };
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
