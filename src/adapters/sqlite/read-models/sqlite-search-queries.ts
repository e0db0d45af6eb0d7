import type { JsonObject } from '../../../core/events.js';
import { generationKey, type Generation } from '../../../core/projections/generation.js';
import type { SearchTarget } from '../../../core/projections/projection.js';
import { InvalidQueryError, ReadModelStoreError } from '../../../core/ports/read-model-errors.js';
import type { SearchQueries, SearchQuery, SearchResult } from '../../../core/ports/search-queries.js';
import { expand, tokenize } from '../../../core/search/fuzzy-terms.js';
import { columnOf, textFields } from './generation-ddl.js';
import { searchIndexTable, searchTable, searchVocabularyTable } from './generation-tables.js';
import type { ReadModelDatabase } from './read-model-database.js';

const MAX_WINDOW = 10_000;

/**
 * Full-text search on FTS5: BM25 with the declared boosts as column weights, typo tolerance by
 * expanding each word to the indexed terms within its allowed edits, filters and tie-break on
 * columns. User text only ever becomes quoted terms, never FTS5 query syntax.
 */
export class SqliteSearchQueries implements SearchQueries {
  private readonly vocabularies = new Map<string, { version: string; terms: string[] }>();

  constructor(private readonly database: ReadModelDatabase) {}

  async search(generation: Generation, query: SearchQuery): Promise<SearchResult> {
    if (query.from + query.size > MAX_WINDOW) throw new InvalidQueryError(`from + size must not exceed ${MAX_WINDOW}`);
    const target = generation.projection.target as SearchTarget;
    const words = tokenize(query.text);
    if (words.length === 0) return { hits: [], total: 0 };
    try {
      return this.database.db.transaction(() => {
        const vocabulary = this.vocabulary(generation);
        const match = words.map((word) => `(${expand(word, vocabulary).map(quote).join(' OR ')})`).join(' OR ');
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
        const tieBreak = query.tieBreaker ? `, s.${columnOf(query.tieBreaker)} DESC` : '';
        const bodies = this.database.statements
          .get(`SELECT s.body ${from} ORDER BY bm25(${index}, ${weights.join(', ')})${tieBreak}, s.id LIMIT ? OFFSET ?`, { pluck: true })
          .all(...params, query.size, query.from) as string[];
        const total = this.database.statements.get(`SELECT count(*) ${from}`, { pluck: true }).get(...params) as number;
        return { hits: bodies.map((body) => JSON.parse(body) as JsonObject), total };
      })();
    } catch (error) {
      throw new ReadModelStoreError('search', error);
    }
  }

  /** The indexed terms, cached until the generation commits again (or is emptied and refilled). */
  private vocabulary(generation: Generation): string[] {
    const key = generationKey(generation);
    const version =
      this.database.statements
        .get(
          `SELECT coalesce((SELECT count FROM rm_truncations WHERE key = @key), 0) || ':' ||
                  coalesce((SELECT commits FROM rm_checkpoints WHERE key = @key), 0)`,
          { pluck: true },
        )
        .get({ key }) as string;
    const cached = this.vocabularies.get(key);
    if (cached && cached.version === version) return cached.terms;
    const terms = this.database.statements.get(`SELECT term FROM ${searchVocabularyTable(generation)}`, { pluck: true }).all() as string[];
    this.vocabularies.set(key, { version, terms });
    return terms;
  }
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
