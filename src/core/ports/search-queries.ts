import type { JsonObject } from '../events.js';
import type { Generation } from '../projections/generation.js';

/** The longest search text, in characters (UTF-16 code units, as `String.length` counts). */
export const MAX_SEARCH_TEXT = 200;

/**
 * The most different words a search text may hold. Each word is expanded to up to 50 indexed
 * terms within its allowed edits, so the words bound the work of a query (10 words: at most
 * 500 terms to match); a product search rarely has more than five.
 */
export const MAX_SEARCH_WORDS = 10;

export interface SearchQuery {
  /**
   * Free text, matched with typo tolerance (as Elasticsearch's `fuzziness: AUTO`) over the text
   * fields, by their boosts: at most `MAX_SEARCH_TEXT` characters and `MAX_SEARCH_WORDS`
   * different words, as `searchWords` reads them.
   */
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
 * `InvalidQueryError`. It refuses text over `MAX_SEARCH_TEXT` characters or `MAX_SEARCH_WORDS`
 * different words with `InvalidQueryError` too (by calling `searchWords`), rather than searching
 * for part of it; so does the HTTP route, which turns the error into a 400.
 */
export interface SearchQueries {
  search(generation: Generation, query: SearchQuery): Promise<SearchResult>;
}
