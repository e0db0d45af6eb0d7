import type { Statement } from 'better-sqlite3';
import type { JsonValue } from '../../../core/events.js';
import type { Generation } from '../../../core/projections/generation.js';
import { collectionsOf } from '../../../core/projections/projection.js';
import type { DeltaStep, StoredDocument } from '../../../core/ports/read-model-store.js';
import { formatPosition } from '../../../core/position.js';
import type { SqliteDatabase } from '../open-database.js';
import { columnFields, columnOf, textFields } from './generation-ddl.js';
import { documentTable, fieldExpression, searchIndexTable, searchTable } from './generation-tables.js';

/** One collection's prepared statements: built once per generation, since batches write thousands of documents. */
interface CollectionStatements {
  readonly load: Statement<unknown[]>;
  readonly write: (document: StoredDocument) => void;
}

/** The statements that read and write one generation's documents. */
export class GenerationStatements {
  private readonly collections = new Map<string, CollectionStatements>();
  private readonly steps = new Map<string, Statement<unknown[]>>();

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
      this.collections.set(collection, {
        load,
        write: (d) => {
          const rowid = upsert.get(d.id, bodyOf(d), d.position.commit, d.position.prepare, lateOf(d), ...columns.map((f) => sqlValue(d.body?.[f]))) as number;
          unindex.run(rowid);
          if (d.body) reindex.run(rowid, ...texts.map((f) => textOf(d.body![f])));
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

function textOf(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}
