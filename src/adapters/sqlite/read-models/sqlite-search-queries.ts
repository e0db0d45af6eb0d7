import type { JsonObject } from '../../../core/events.js';
import type { Generation } from '../../../core/projections/generation.js';
import type { SearchTarget } from '../../../core/projections/projection.js';
import { InvalidQueryError } from '../../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../../core/ports/read-model-errors-of.js';
import type { SearchQueries, SearchQuery, SearchResult } from '../../../core/ports/search-queries.js';
import { searchWords } from '../../../core/search/search-words.js';
import { columnOf, textFields } from './generation-ddl.js';
import { searchIndexTable, searchTable } from './generation-tables.js';
import type { ReadModelDatabase } from './read-model-database.js';
import { SqliteSearchVocabulary } from './sqlite-search-vocabulary.js';

const MAX_WINDOW = 10_000;

/**
 * Full-text search on FTS5: BM25 with the declared boosts as column weights, typo tolerance by
 * expanding each word to the indexed terms within its allowed edits (found in the generation's
 * `TermIndex`, which `SqliteSearchVocabulary` keeps up to date), filters and tie-break on
 * columns. User text only ever becomes quoted terms, never FTS5 query syntax.
 */
export class SqliteSearchQueries implements SearchQueries {
  private readonly vocabulary: SqliteSearchVocabulary;

  constructor(private readonly database: ReadModelDatabase) {
    this.vocabulary = new SqliteSearchVocabulary(database);
    return withReadModelErrors(this, 'search');
  }

  async search(generation: Generation, query: SearchQuery): Promise<SearchResult> {
    if (query.from + query.size > MAX_WINDOW) throw new InvalidQueryError(`from + size must not exceed ${MAX_WINDOW}`);
    const target = generation.projection.target as SearchTarget;
    const words = searchWords(query.text);
    if (words.length === 0) return { hits: [], total: 0 };
    return this.database.db.transaction(() => {
      const terms = this.vocabulary.of(generation);
      const expansions = new Map<string, string>();
      for (const word of words) if (!expansions.has(word)) expansions.set(word, `(${terms.expand(word).map(quote).join(' OR ')})`);
      const match = words.map((word) => expansions.get(word)!).join(' OR ');
      const index = searchIndexTable(generation);
      const params: unknown[] = [match];
      const filters = [`${index} MATCH ?`, 's.body IS NOT NULL'];
      for (const [field, value] of Object.entries(query.equals ?? {})) {
        filters.push(`s.${columnOf(field)} = ?`);
        params.push(value);
      }
      for (const [field, range] of Object.entries(query.ranges ?? {})) {
        if (range.min !== undefined) filters.push(`s.${columnOf(field)} >= ?`), params.push(range.min);
        if (range.max !== undefined) filters.push(`s.${columnOf(field)} <= ?`), params.push(range.max);
      }
      const weights = textFields(target).map((field) => {
        const spec = target.fields[field];
        return spec?.type === 'text' ? (spec.boost ?? 1) : 1;
      });
      const from = `FROM ${index} JOIN ${searchTable(generation)} AS s ON s.rowid = ${index}.rowid WHERE ${filters.join(' AND ')}`;
      const tieBreak = query.tieBreaker ? `, tie DESC` : '';
      const tie = query.tieBreaker ? `, s.${columnOf(query.tieBreaker)} AS tie` : '';
      // The total comes with the page, from the same MATCH (a window over every match): one
      // pass of FTS5 instead of two. Only a page past the last match needs a count of its own.
      const rows = this.database.statements
        .get(
          `SELECT body, count(*) OVER () AS total FROM (SELECT s.body, s.id, bm25(${index}, ${weights.join(', ')}) AS score${tie} ${from})
           ORDER BY score${tieBreak}, id LIMIT ? OFFSET ?`,
        )
        .all(...params, query.size, query.from) as { body: string; total: number }[];
      const total = rows[0]?.total ?? (this.database.statements.get(`SELECT count(*) ${from}`, { pluck: true }).get(...params) as number);
      return { hits: rows.map((row) => JSON.parse(row.body) as JsonObject), total };
    })();
  }
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
