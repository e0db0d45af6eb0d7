import type { Generation } from '../../../core/projections/generation.js';
import { collectionsOf } from '../../../core/projections/projection.js';
import { InvalidQueryError } from '../../../core/ports/read-model-errors.js';

/** Table names of one generation. Projection and collection names are checked identifiers. */
export function documentTable(generation: Generation, collection: string): string {
  return `"doc_${generation.projection.name}_${generation.generation}_${collection}"`;
}

export function searchTable(generation: Generation): string {
  return `"search_${generation.projection.name}_${generation.generation}"`;
}

export function searchIndexTable(generation: Generation): string {
  return `"search_${generation.projection.name}_${generation.generation}_fts"`;
}

export function searchVocabularyTable(generation: Generation): string {
  return `"search_${generation.projection.name}_${generation.generation}_vocab"`;
}

/** Each term of the FTS5 index with the number of documents holding it (see `searchTermsDdl`). */
export function searchTermsTable(generation: Generation): string {
  return `"search_${generation.projection.name}_${generation.generation}_terms"`;
}

export function tablesOf(generation: Generation): string[] {
  return generation.projection.target.kind === 'documents'
    ? collectionsOf(generation.projection).map((collection) => documentTable(generation, collection))
    : [searchTermsTable(generation), searchVocabularyTable(generation), searchIndexTable(generation), searchTable(generation)];
}

/** `json_extract(body, '$.field')`, the expression that declared indexes are built on. */
export function fieldExpression(field: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new InvalidQueryError(`"${field}" is not a field name`);
  return `json_extract(body, '$.${field}')`;
}
