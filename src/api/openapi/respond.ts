import type { JsonSchema } from '../validation/json-schema.js';
import type { OpenApiResponse } from './api-operation.js';
import { componentRef } from './component-ref.js';

type Headers = NonNullable<OpenApiResponse['headers']>;

/** The kinds of answer the API gives, as OpenAPI responses: JSON, a problem (RFC 9457), or text. */
export const respond = {
  json(description: string, schema: JsonSchema, headers?: Headers): OpenApiResponse {
    return { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) };
  },
  /** Every error of the API is `application/problem+json` (problem-details.ts); `schema` adds to the common fields. */
  problem(description: string, schema: JsonSchema = componentRef('Problem'), headers?: Headers): OpenApiResponse {
    return { description, content: { 'application/problem+json': { schema } }, ...(headers ? { headers } : {}) };
  },
  text(description: string, mediaType: string): OpenApiResponse {
    return { description, content: { [mediaType]: { schema: { type: 'string' } } } };
  },
};
