import { generationKey, type Generation } from '../../../core/projections/generation.js';
import { TermIndex } from '../../../core/search/term-index.js';
import { searchTermsTable } from './generation-tables.js';
import type { ReadModelDatabase } from './read-model-database.js';

interface Followed {
  /** The generation's truncation count when the index was started: another count means other terms. */
  readonly truncations: number;
  /** The last term-table row read. */
  seq: number;
  readonly index: TermIndex;
}

/**
 * Each generation's vocabulary, indexed for typo tolerance and kept up to date by reading only
 * the term-table rows written since the last look (their `seq` is above it), whoever wrote them:
 * this process, or a worker in another process. Emptying the generation in place (a truncation)
 * or dropping and making it again changes its truncation count, and the index starts over.
 */
export class SqliteSearchVocabulary {
  private readonly generations = new Map<string, Followed>();

  constructor(private readonly database: ReadModelDatabase) {}

  /** The generation's terms as of the current read: call it in the transaction that searches them. */
  of(generation: Generation): TermIndex {
    const key = generationKey(generation);
    const truncations =
      (this.database.statements.get('SELECT count FROM rm_truncations WHERE key = ?', { pluck: true }).get(key) as number | undefined) ?? 0;
    let followed = this.generations.get(key);
    if (!followed || followed.truncations !== truncations) {
      followed = { truncations, seq: 0, index: new TermIndex() };
      this.generations.set(key, followed);
    }
    // The first read takes the whole table in its own order; later ones, the rows past the last seen, by the seq index.
    const table = searchTermsTable(generation);
    const rows = (
      followed.seq === 0
        ? this.database.statements.get(`SELECT seq, term, docs FROM ${table}`).all()
        : this.database.statements.get(`SELECT seq, term, docs FROM ${table} WHERE seq > ?`).all(followed.seq)
    ) as { seq: number; term: string; docs: number }[];
    if (rows.length === 0) return followed.index;
    const present: string[] = [];
    const absent: string[] = [];
    for (const row of rows) {
      (row.docs > 0 ? present : absent).push(row.term);
      if (row.seq > followed.seq) followed.seq = row.seq;
    }
    followed.index.update(present, absent);
    return followed.index;
  }
}
