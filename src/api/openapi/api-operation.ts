import type { JsonSchema } from '../validation/json-schema.js';
import type { Schema } from '../validation/schema.js';

/** An answer of an operation: its media types and their schemas, and its headers (OpenAPI's Response Object). */
export interface OpenApiResponse {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

/** A request header an operation reads, and what it must be. */
export interface HeaderParameter {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/**
 * One route of the app as the OpenAPI document tells it. Its path parameters, query and body
 * are the very schemas the route checks requests with; what it answers is declared here, once
 * per kind of route. A test holds these against the app's mounted routes, both ways.
 */
export interface ApiOperation {
  readonly method: 'get' | 'post' | 'patch';
  /** The full Express pattern, as mounted: `/api/orders/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** What some of the path's `:name` parameters must be (the others are any non-empty text). */
  readonly pathParameters?: Readonly<Record<string, JsonSchema>>;
  readonly query?: Readonly<Record<string, Schema<unknown>>>;
  readonly headers?: readonly HeaderParameter[];
  readonly body?: { readonly schema: Schema<unknown>; readonly example: unknown; readonly required: boolean };
  /** Needs `Authorization: Bearer <admin token>`. */
  readonly admin?: true;
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}
