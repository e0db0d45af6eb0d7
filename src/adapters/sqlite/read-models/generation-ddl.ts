import type { Generation } from '../../../core/projections/generation.js';
import type { SearchField, SearchTarget } from '../../../core/projections/projection.js';
import {
  documentTable,
  fieldExpression,
  searchIndexTable,
  searchTable,
  searchTermsTable,
  searchVocabularyTable,
} from './generation-tables.js';

/** How the index splits and folds text; the term counts tokenize with the same, to see the same terms. */
export const SEARCH_TOKENIZER = `tokenize='unicode61 remove_diacritics 2'`;

/**
 * The tables of one generation. Documents are JSON with an expression index per declared
 * index. Search documents keep their filterable and sortable fields as columns, and their
 * text in an FTS5 index (unicode61, diacritics removed) with a vocabulary for typo tolerance:
 * the term table, which readers follow by `seq` (see `SearchTermCounts`).
 */
export function generationDdl(generation: Generation): string {
  const target = generation.projection.target;
  if (target.kind === 'documents') {
    return Object.entries(target.collections)
      .map(([collection, spec]) => {
        const table = documentTable(generation, collection);
        const indexes = (spec.indexes ?? []).map(
          (index, n) =>
            `CREATE INDEX IF NOT EXISTS "${table.slice(1, -1)}_i${n}" ON ${table} (${index.fields.map(fieldExpression).join(', ')});`,
        );
        return [
          `CREATE TABLE IF NOT EXISTS ${table} (id TEXT NOT NULL UNIQUE, body TEXT, commit_pos INTEGER NOT NULL, prepare_pos INTEGER NOT NULL, late TEXT);`,
          ...indexes,
        ].join('\n');
      })
      .join('\n');
  }
  const table = searchTable(generation);
  const columns = columnFields(target).map(([field, spec]) => `, ${columnOf(field)} ${spec.type === 'number' ? 'REAL' : 'TEXT'}`);
  const filterable = columnFields(target)
    .filter(([, spec]) => spec.type !== 'text' && 'filterable' in spec && spec.filterable)
    .map(([field]) => `CREATE INDEX IF NOT EXISTS "${table.slice(1, -1)}_${field}" ON ${table} (${columnOf(field)});`);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT NOT NULL UNIQUE, body TEXT, commit_pos INTEGER NOT NULL, prepare_pos INTEGER NOT NULL, late TEXT${columns.join('')});`,
    ...filterable,
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${searchIndexTable(generation)} USING fts5(${textFields(target).join(', ')}, content='', contentless_delete=1, ${SEARCH_TOKENIZER});`,
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${searchVocabularyTable(generation)} USING fts5vocab(${searchIndexTable(generation).slice(1, -1)}, 'row');`,
    searchTermsDdl(generation),
  ].join('\n');
}

/**
 * Each term of the index with the number of documents holding it. A batch that makes a term
 * appear or disappear sets its `seq` to one above every `seq` so far, and readers follow the
 * table by `seq`; a count that changes without crossing 0 leaves `seq` (and readers) alone.
 * Terms whose count fell to 0 stay, so that readers hear they are gone. Keyed by term without a
 * rowid: a changed count is one update in place.
 */
export function searchTermsDdl(generation: Generation): string {
  const table = searchTermsTable(generation);
  return `CREATE TABLE IF NOT EXISTS ${table} (term TEXT PRIMARY KEY, docs INTEGER NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS "${table.slice(1, -1)}_seq" ON ${table} (seq);`;
}

export function textFields(target: SearchTarget): string[] {
  return Object.entries(target.fields)
    .filter(([, spec]) => spec.type === 'text')
    .map(([field]) => checkName(field));
}

/** Keyword, number and date fields, kept as columns for filters and sorting. */
export function columnFields(target: SearchTarget): [string, SearchField][] {
  return Object.entries(target.fields).filter(([, spec]) => spec.type !== 'text');
}

export function columnOf(field: string): string {
  return `"f_${checkName(field)}"`;
}

function checkName(field: string): string {
  fieldExpression(field);
  return field;
}
