import type { JsonObject, JsonPrimitive } from '../events.js';
import type { Generation } from '../projections/generation.js';

export type Condition =
  | { readonly field: string; readonly op: 'eq'; readonly value: JsonPrimitive }
  | { readonly field: string; readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number | string }
  /** The field (an array) holds at least one of the values. */
  | { readonly field: string; readonly op: 'containsAny'; readonly values: readonly JsonPrimitive[] };

export interface DocumentQuery {
  readonly where?: readonly Condition[];
  readonly orderBy?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
  readonly limit: number;
  readonly offset?: number;
}

export interface DocumentPage {
  readonly documents: JsonObject[];
  /** How many documents match, all pages together. */
  readonly total: number;
}

/**
 * Reads of a documents projection: by id, and by equality, range, array membership, sorted and
 * paged. An adapter serves declared indexes efficiently and must answer every query correctly
 * (an unindexed one may be slower). Field names are top-level keys, checked by the caller.
 */
export interface DocumentQueries {
  get(generation: Generation, collection: string, id: string): Promise<JsonObject | undefined>;
  find(generation: Generation, collection: string, query: DocumentQuery): Promise<DocumentPage>;
}
