import type { SqliteStatement } from '../sqlite-driver.js';
import type { Generation } from '../../../core/projections/generation.js';
import type { SearchTarget } from '../../../core/projections/projection.js';
import type { SqliteDatabase } from '../open-database.js';
import { SEARCH_TOKENIZER, textFields } from './generation-ddl.js';
import { searchTermsTable } from './generation-tables.js';

interface ScratchStatements {
  readonly add: SqliteStatement;
  readonly remove: SqliteStatement;
  readonly apply: SqliteStatement;
  readonly clear: SqliteStatement[];
}

/**
 * Keeps a generation's term table equal to its FTS5 index's vocabulary, one batch at a time, so
 * that readers (in any process) load only the terms that changed instead of the whole
 * vocabulary after every commit. Each document's old and new text go into two scratch FTS5
 * tables, in memory, with the index's columns and tokenizer: they split and fold text exactly as
 * the index does, where a tokenizer in JavaScript would not ("ﬁne" stays one term of its own).
 * At the end of the batch their vocabularies give each term's change in document count, and
 * only the terms whose count changed are written (a few microseconds each: a batch of 1,000
 * documents of new text costs about twice what the FTS5 index costs). A document written again
 * with the same text (a price change) costs nothing here.
 */
export class SearchTermCounts {
  private statements: ScratchStatements | undefined;
  private pending = false;
  private readonly scratchDdl: string;
  private readonly added: string;
  private readonly removed: string;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly generation: Generation,
  ) {
    const name = `search_${generation.projection.name}_${generation.generation}`;
    this.added = `${name}_added`;
    this.removed = `${name}_removed`;
    const columns = textFields(generation.projection.target as SearchTarget).join(', ');
    this.scratchDdl = [this.added, this.removed]
      .map(
        (table) =>
          `CREATE VIRTUAL TABLE IF NOT EXISTS temp."${table}" USING fts5(${columns}, content='', detail='none', ${SEARCH_TOKENIZER});
           CREATE VIRTUAL TABLE IF NOT EXISTS temp."${table}_vocab" USING fts5vocab(temp, ${table}, 'row');`,
      )
      .join('\n');
  }

  /**
   * Call as a batch starts. A batch that failed took its scratch rows back with it, and the
   * scratch tables too if it created them: they are created again when next needed.
   */
  begin(): void {
    this.pending = false;
  }

  /** Records that a document's indexed text went from `before` to `after` (undefined: not indexed), which differ. */
  replaced(before: readonly string[] | undefined, after: readonly string[] | undefined): void {
    const statements = this.scratch();
    if (before) statements.remove.run(...before);
    if (after) statements.add.run(...after);
  }

  /** Writes the counts that changed, and empties the scratch tables, in the batch's transaction. */
  flush(): void {
    if (!this.pending) return;
    const { apply, clear } = this.statements!;
    apply.run();
    for (const statement of clear) statement.run();
    this.pending = false;
  }

  private scratch(): ScratchStatements {
    if (this.pending) return this.statements!;
    this.db.exec(this.scratchDdl);
    this.pending = true;
    this.statements ??= this.prepareStatements();
    return this.statements;
  }

  private prepareStatements(): ScratchStatements {
    const terms = searchTermsTable(this.generation);
    const width = textFields(this.generation.projection.target as SearchTarget).length;
    const values = `VALUES (${Array.from({ length: width }, () => '?').join(', ')})`;
    return {
      add: this.db.prepare(`INSERT INTO temp."${this.added}" ${values}`),
      remove: this.db.prepare(`INSERT INTO temp."${this.removed}" ${values}`),
      // A term's seq moves to one above all others only when the term appears or disappears.
      apply: this.db.prepare(
        `INSERT INTO ${terms} (term, docs, seq)
         SELECT term, delta, (SELECT coalesce(max(seq), 0) + 1 FROM ${terms})
         FROM (SELECT term, sum(delta) AS delta
               FROM (SELECT term, doc AS delta FROM temp."${this.added}_vocab" UNION ALL SELECT term, -doc FROM temp."${this.removed}_vocab")
               GROUP BY term)
         WHERE delta <> 0
         ON CONFLICT (term) DO UPDATE SET docs = max(0, docs + excluded.docs), seq = iif((docs > 0) = (docs + excluded.docs > 0), seq, excluded.seq)`,
      ),
      clear: [this.added, this.removed].map((table) => this.db.prepare(`INSERT INTO temp."${table}" ("${table}") VALUES ('delete-all')`)),
    };
  }
}
