import type { JsonObject } from '../events.js';
import type { Generation } from '../projections/generation.js';

export interface SearchQuery {
  /** Free text, matched with typo tolerance (as Elasticsearch's `fuzziness: AUTO`) over the text fields, by their boosts. */
  readonly text: string;
  /** Exact matches on filterable keyword fields. */
  readonly equals?: Readonly<Record<string, string>>;
  /** Inclusive ranges on filterable number fields. */
  readonly ranges?: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
  /** Ties in relevance are broken by this sortable field, newest (largest) first. */
  readonly tieBreaker?: string;
  readonly from: number;
  readonly size: number;
}

export interface SearchResult {
  readonly hits: JsonObject[];
  readonly total: number;
}

/**
 * Full-text reads of a search projection. An adapter ranks by relevance (BM25 or better) with
 * the declared boosts, tolerates one typo in words of 3 to 5 letters and two in longer ones,
 * never lets user text reach a query language, and refuses paging beyond its window with
 * `InvalidQueryError`.
 */
export interface SearchQueries {
  search(generation: Generation, query: SearchQuery): Promise<SearchResult>;
}
