import type { estypes } from '@elastic/elasticsearch';
import type { SearchTarget } from '../../core/projections/projection.js';
import { InvalidQueryError } from '../../core/ports/read-model-errors.js';
import type { SearchQuery } from '../../core/ports/search-queries.js';
import type { SearchFolding } from './search-folding.js';
import { searchableText } from './searchable-text.js';
import { searchDocuments } from './search-documents.js';

/**
 * The body of a search: a fuzzy `multi_match` over the text fields with their boosts, filters on
 * the declared fields, tombstones excluded, ranked by score, then the tie-breaker (newest first),
 * then the id, so that pages never overlap. The user's text goes only into `multi_match.query`,
 * which is analysed as plain words: it never reaches a query language.
 *
 * The query is checked here, at once (InvalidQueryError, before any round trip); the body is then
 * made for the index's folding, which may take one to learn: with `engine` folding the text fields
 * are searched as they are, through their folding analyzer; with `javascript` folding, their
 * folded copies are, with the text folded the same way (searchableText).
 */
export function searchRequest(target: SearchTarget, query: SearchQuery): (folding: SearchFolding) => estypes.SearchRequest {
  const texts = Object.entries(target.fields).flatMap(([field, spec]) => (spec.type === 'text' ? [{ field, boost: spec.boost ?? 1 }] : []));
  if (texts.length === 0) throw new InvalidQueryError('the projection declares no text field to search');
  const filter: estypes.QueryDslQueryContainer[] = [];
  for (const [field, value] of Object.entries(query.equals ?? {})) {
    declared(target, field, ['keyword'], 'an exact match');
    filter.push({ term: { [field]: value } });
  }
  for (const [field, { min, max }] of Object.entries(query.ranges ?? {})) {
    declared(target, field, ['number', 'date'], 'a range');
    filter.push({ range: { [field]: { ...(min !== undefined ? { gte: min } : {}), ...(max !== undefined ? { lte: max } : {}) } } });
  }
  const sort: estypes.SortCombinations[] = [{ _score: { order: 'desc' } }];
  if (query.tieBreaker) {
    declared(target, query.tieBreaker, ['number', 'date', 'keyword'], 'sorting');
    sort.push({ [query.tieBreaker]: { order: 'desc', missing: '_last' } });
  }
  sort.push({ [searchDocuments.idField]: { order: 'asc' } });
  return (folding) => {
    const javascript = folding === 'javascript';
    const fields = texts.map(({ field, boost }) => `${javascript ? searchDocuments.foldedField(field) : field}^${boost}`);
    return {
      query: {
        bool: {
          must: [{ multi_match: { query: javascript ? searchableText(query.text) : query.text, fields, fuzziness: 'AUTO' } }],
          filter,
          must_not: [{ term: { [searchDocuments.deletedField]: true } }],
        },
      },
      sort,
      from: query.from,
      size: query.size,
      track_total_hits: true,
      _source: { excludes: [searchDocuments.internal] },
    };
  };
}

function declared(target: SearchTarget, field: string, types: readonly string[], use: string): void {
  const type = target.fields[field]?.type;
  if (type === undefined || !types.includes(type)) {
    throw new InvalidQueryError(`"${field}" is not a declared ${types.join(' or ')} field, needed for ${use}`);
  }
}
