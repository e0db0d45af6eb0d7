/**
 * Who folds the accents and case of text fields, recorded in each index's mapping
 * (`_meta.folding`) so that a reader searches an index the way it was written:
 * - `engine`: the index's own analyzer (foldingAnalysis), built on the `asciifolding` filter of
 *   Elasticsearch's analysis-common module. Each text field is indexed once, as written.
 * - `javascript`: searchableText, on a copy of each text field under `_pj.folded` and on the query
 *   text. For nodes without analysis-common (see detectFolding). Indexes made before the mode was
 *   recorded have no `_meta.folding`, and are of this kind.
 */
export type SearchFolding = 'engine' | 'javascript';
