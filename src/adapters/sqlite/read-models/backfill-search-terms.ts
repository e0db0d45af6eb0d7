import type { Generation } from '../../../core/projections/generation.js';
import type { SqliteDatabase } from '../open-database.js';
import { searchTermsDdl } from './generation-ddl.js';
import { searchIndexTable, searchTermsTable, searchVocabularyTable } from './generation-tables.js';

/**
 * A file written before search generations had a term table holds an FTS5 index without one:
 * this creates it and fills it once from the index's vocabulary, so that typo tolerance keeps
 * finding the terms written before. Call before the generation's DDL. It takes the write lock
 * only when there is something to fill, and checks again under it, in case another process
 * filled it meanwhile.
 */
export function backfillSearchTerms(db: SqliteDatabase, generation: Generation): void {
  if (generation.projection.target.kind !== 'search') return;
  const exists = db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck();
  const missing = () => Boolean(exists.get(unquoted(searchIndexTable(generation)))) && !exists.get(unquoted(searchTermsTable(generation)));
  if (!missing()) return;
  db.transaction(() => {
    if (!missing()) return;
    db.exec(searchTermsDdl(generation));
    db.exec(`INSERT INTO ${searchTermsTable(generation)} (term, docs, seq) SELECT term, doc, 1 FROM ${searchVocabularyTable(generation)}`);
  }).immediate();
}

function unquoted(table: string): string {
  return table.slice(1, -1);
}
