import type { SqliteStatement } from '../sqlite-driver.js';
import type { JsonObject, JsonValue } from '../../../core/events.js';
import type { Generation } from '../../../core/projections/generation.js';
import { collectionsOf } from '../../../core/projections/projection.js';
import type { DeltaStep, StoredDocument } from '../../../core/ports/read-model-store.js';
import { formatPosition } from '../../../core/position.js';
import type { SqliteDatabase } from '../open-database.js';
import { columnFields, columnOf, textFields } from './generation-ddl.js';
import { documentTable, fieldExpression, searchIndexTable, searchTable } from './generation-tables.js';
import { SearchTermCounts } from './search-term-counts.js';

/** One collection's prepared statements: built once per generation, since batches write thousands of documents. */
interface CollectionStatements {
  readonly load: SqliteStatement;
  readonly write: (document: StoredDocument) => void;
}

/** The statements that read and write one generation's documents. */
export class GenerationStatements {
  private readonly collections = new Map<string, CollectionStatements>();
  private readonly steps = new Map<string, SqliteStatement>();
  private termCounts: SearchTermCounts | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly generation: Generation,
  ) {
    const target = generation.projection.target;
    for (const collection of collectionsOf(generation.projection)) {
      const table = target.kind === 'documents' ? documentTable(generation, collection) : searchTable(generation);
      const load = db.prepare(`SELECT id, body, commit_pos, prepare_pos, late FROM ${table} WHERE id = ?`).safeIntegers(true);
      if (target.kind === 'documents') {
        const upsert = db.prepare(
          `INSERT INTO ${table} (id, body, commit_pos, prepare_pos, late) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, late = excluded.late`,
        );
        this.collections.set(collection, { load, write: (d) => upsert.run(d.id, bodyOf(d), d.position.commit, d.position.prepare, lateOf(d)) });
        continue;
      }
      const columns = columnFields(target).map(([field]) => field);
      const texts = textFields(target);
      const upsert = db
        .prepare(
          `INSERT INTO ${table} (id, body, commit_pos, prepare_pos, late${columns.map((f) => `, ${columnOf(f)}`).join('')})
           VALUES (?, ?, ?, ?, ?${columns.map(() => ', ?').join('')})
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos,
             late = excluded.late${columns.map((f) => `, ${columnOf(f)} = excluded.${columnOf(f)}`).join('')}
           RETURNING rowid`,
        )
        .pluck();
      const index = searchIndexTable(generation);
      const unindex = db.prepare(`DELETE FROM ${index} WHERE rowid = ?`);
      const reindex = db.prepare(`INSERT INTO ${index} (rowid, ${texts.join(', ')}) VALUES (?${texts.map(() => ', ?').join('')})`);
      const previous = db.prepare(`SELECT body FROM ${table} WHERE id = ?`).pluck();
      const termCounts = new SearchTermCounts(db, generation);
      this.termCounts = termCounts;
      this.collections.set(collection, {
        load,
        write: (d) => {
          // The text indexed now is the stored body's. When the new body's is the same (a price
          // changed), the index and the term counts stay as they are; otherwise both follow.
          const before = previous.get(d.id) as string | null | undefined;
          const old = before ? (JSON.parse(before) as JsonObject) : undefined;
          const oldTexts = old ? texts.map((f) => textOf(old[f])) : undefined;
          const newTexts = d.body ? texts.map((f) => textOf(d.body![f])) : undefined;
          const rowid = upsert.get(d.id, bodyOf(d), d.position.commit, d.position.prepare, lateOf(d), ...columns.map((f) => sqlValue(d.body?.[f]))) as number;
          if (sameTexts(oldTexts, newTexts)) return;
          unindex.run(rowid);
          if (newTexts) reindex.run(rowid, ...newTexts);
          termCounts.replaced(oldTexts, newTexts);
        },
      });
    }
  }

  /**
   * Applies a delta step in place, with json_set, only to a live document whose position is
   * below the step's; the values come from the document as it was before the step.
   */
  applyStep(collection: string, id: string, step: DeltaStep): void {
    const setFields = Object.keys(step.set);
    const incrementFields = Object.keys(step.increment);
    const key = `${collection}\u0000${setFields.join(',')}\u0000${incrementFields.join(',')}`;
    let statement = this.steps.get(key);
    if (!statement) {
      const pairs = [
        ...setFields.map((field) => `'$.${checked(field)}', json(?)`),
        ...incrementFields.map((field) => {
          const path = `'$.${checked(field)}'`;
          return `${path}, (CASE WHEN json_type(body, ${path}) IN ('integer', 'real') THEN json_extract(body, ${path}) ELSE 0 END) + ?`;
        }),
      ];
      statement = this.db.prepare(
        `UPDATE ${documentTable(this.generation, collection)} SET body = json_set(body, ${pairs.join(', ')}), commit_pos = ?, prepare_pos = ?
         WHERE id = ? AND body IS NOT NULL AND (commit_pos < ? OR (commit_pos = ? AND prepare_pos < ?))`,
      );
      this.steps.set(key, statement);
    }
    const { commit, prepare } = step.position;
    statement.run(
      ...setFields.map((field) => JSON.stringify(step.set[field])),
      ...incrementFields.map((field) => step.increment[field]),
      commit,
      prepare,
      id,
      commit,
      commit,
      prepare,
    );
  }

  /** Call as a batch starts, before its writes. */
  startBatch(): void {
    this.termCounts?.begin();
  }

  /** Call once a batch's writes are done, in its transaction: a search generation's term counts follow them. */
  finishBatch(): void {
    this.termCounts?.flush();
  }

  of(collection: string): CollectionStatements {
    const statements = this.collections.get(collection);
    if (!statements) throw new Error(`no collection ${collection}`);
    return statements;
  }
}

function checked(field: string): string {
  fieldExpression(field);
  return field;
}

function bodyOf(document: StoredDocument): string | null {
  return document.body === null ? null : JSON.stringify(document.body);
}

function lateOf(document: StoredDocument): string | null {
  return document.late.length === 0 ? null : JSON.stringify(document.late.map(formatPosition));
}

function sqlValue(value: JsonValue | undefined): string | number | null {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function sameTexts(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((text, n) => text === b[n]);
}

function textOf(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}
