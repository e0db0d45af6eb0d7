import type { estypes } from '@elastic/elasticsearch';
import type { Generation } from '../../core/projections/generation.js';
import type { SearchField } from '../../core/projections/projection.js';
import { foldingAnalysis } from './folding-analysis.js';
import type { SearchFolding } from './search-folding.js';
import { searchDocuments } from './search-documents.js';
import { searchTargetOf } from './search-target-of.js';

/**
 * The index of one generation, from the projection's declared fields. `dynamic: false`: fields
 * nobody declared are kept in `_source` and never indexed, so a stray field cannot break a bulk.
 * Malformed numbers and dates are ignored for the same reason. `_meta.folding` records how text
 * is folded (see SearchFolding), for the readers of the index: with `engine` folding the text
 * fields use the folding analyzer; with `javascript` folding they are indexed twice with the
 * standard analyzer, as written (for anyone querying the index directly) and folded under
 * `_pj.folded` (what the adapter searches; see searchableText). One shard by default, so that
 * BM25 statistics, and with them the ranking, do not depend on how documents were routed.
 */
export function searchIndexMapping(generation: Generation, shards: number, folding: SearchFolding): Pick<estypes.IndicesCreateRequest, 'settings' | 'mappings'> {
  const target = searchTargetOf(generation);
  const fields = Object.entries(target.fields);
  const text: estypes.MappingProperty = folding === 'engine' ? { type: 'text', analyzer: foldingAnalysis.analyzer } : { type: 'text', analyzer: 'standard' };
  const internal: Record<string, estypes.MappingProperty> = { id: { type: 'keyword' }, deleted: { type: 'boolean' } };
  if (folding === 'javascript') {
    const folded = fields.filter(([, spec]) => spec.type === 'text').map(([field]) => [field, text] as const);
    internal.folded = { type: 'object', properties: Object.fromEntries(folded) };
  }
  return {
    settings: { number_of_shards: shards, auto_expand_replicas: '0-1', ...(folding === 'engine' ? { analysis: foldingAnalysis.settings } : {}) },
    mappings: {
      dynamic: false,
      _meta: { projection: generation.projection.name, generation: generation.generation, folding },
      ...(folding === 'javascript' ? { _source: { excludes: [`${searchDocuments.internal}.folded`] } } : {}),
      properties: {
        ...Object.fromEntries(fields.map(([field, spec]) => [field, spec.type === 'text' ? text : propertyOf(spec)])),
        [searchDocuments.internal]: { type: 'object', properties: internal },
      },
    },
  };
}

function propertyOf(spec: Exclude<SearchField, { type: 'text' }>): estypes.MappingProperty {
  switch (spec.type) {
    case 'keyword':
      // A keyword longer than Lucene's term limit (32766 bytes) would fail the whole document.
      return { type: 'keyword', ignore_above: 8191 };
    case 'number':
      return { type: 'double', ignore_malformed: true };
    case 'date':
      return { type: 'date', ignore_malformed: true };
  }
}
