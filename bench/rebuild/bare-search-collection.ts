import type { SqliteDatabase } from '../../src/adapters/sqlite/open-database.js';
import type { SqliteStatement } from '../../src/adapters/sqlite/sqlite-driver.js';
import type { JsonObject, JsonValue } from '../../src/core/events.js';

/** A search document read or written in this batch, with its body as stored before the batch. */
interface Held {
  body: JsonObject | null;
  /** As stored before the batch: null when there was none, undefined when not read yet. */
  stored: JsonObject | null | undefined;
  position: number;
  dirty: boolean;
}

export interface SearchTables {
  /** The documents' table: `id, body, commit_pos, prepare_pos, late` and one column per keyword, number or date field. */
  readonly table: string;
  /** The contentless FTS5 index of the text fields, by the table's rowid. */
  readonly index: string;
  /** Each term with the number of documents holding it, and the `seq` readers follow. */
  readonly terms: string;
  /** Text fields, in the index's column order. */
  readonly texts: readonly string[];
  /** Fields kept as columns, with their column names. */
  readonly columns: readonly (readonly [field: string, column: string])[];
}

/**
 * The search table of limit (b), by hand: documents held for the batch and written once at its
 * end, into the table with their filter and sort columns; when a document's text changed, its
 * FTS5 row is replaced and the term counts follow. Terms are split in JavaScript (lower case, no
 * diacritics, runs of letters and digits), as unicode61 splits the workload's text; the
 * verification compares the counts with the platform's, which takes FTS5's own tokenizer.
 */
export class BareSearchCollection {
  private readonly held = new Map<string, Held>();
  private readonly termDeltas = new Map<string, number>();
  private readonly select: SqliteStatement;
  private readonly upsert: SqliteStatement;
  private readonly unindex: SqliteStatement;
  private readonly reindex: SqliteStatement;
  private readonly countTerm: SqliteStatement;
  private seq: number;

  constructor(
    db: SqliteDatabase,
    private readonly tables: SearchTables,
  ) {
    const { table, index, terms, texts, columns } = tables;
    const names = columns.map(([, column]) => column);
    this.select = db.prepare(`SELECT body FROM ${table} WHERE id = ?`).pluck();
    this.upsert = db
      .prepare(
        `INSERT INTO ${table} (id, body, commit_pos, prepare_pos, late${names.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?, ?, NULL${', ?'.repeat(names.length)})
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, late = NULL${names.map((c) => `, ${c} = excluded.${c}`).join('')}
         RETURNING rowid`,
      )
      .pluck();
    this.unindex = db.prepare(`DELETE FROM ${index} WHERE rowid = ?`);
    this.reindex = db.prepare(`INSERT INTO ${index} (rowid, ${texts.join(', ')}) VALUES (?${', ?'.repeat(texts.length)})`);
    this.countTerm = db.prepare(
      `INSERT INTO ${terms} (term, docs, seq) VALUES (?, ?, ?)
       ON CONFLICT (term) DO UPDATE SET docs = max(0, docs + excluded.docs), seq = iif((docs > 0) = (docs + excluded.docs > 0), seq, excluded.seq)`,
    );
    this.seq = db.prepare(`SELECT coalesce(max(seq), 0) FROM ${terms}`).pluck().get() as number;
  }

  get(id: string): JsonObject | undefined {
    let held = this.held.get(id);
    if (!held) {
      const stored = this.stored(id);
      held = { body: stored, stored, position: 0, dirty: false };
      this.held.set(id, held);
    }
    return held.body ?? undefined;
  }

  put(id: string, body: JsonObject, position: number): void {
    const held = this.held.get(id);
    if (held) Object.assign(held, { body, position, dirty: true });
    else this.held.set(id, { body, stored: undefined, position, dirty: true });
  }

  /** Writes the batch's documents, index rows and term counts, in the caller's transaction, and forgets them. */
  flush(): void {
    const { texts, columns } = this.tables;
    for (const [id, held] of this.held) {
      if (!held.dirty || !held.body) continue;
      const body = held.body;
      const stored = held.stored === undefined ? this.stored(id) : held.stored;
      const rowid = this.upsert.get(id, JSON.stringify(body), held.position, held.position, ...columns.map(([field]) => columnValue(body[field]))) as number;
      const before = stored ? texts.map((field) => textOf(stored[field])) : undefined;
      const after = texts.map((field) => textOf(body[field]));
      if (before && before.every((text, n) => text === after[n])) continue;
      if (before) this.unindex.run(rowid);
      this.reindex.run(rowid, ...after);
      this.count(before, -1);
      this.count(after, 1);
    }
    this.held.clear();
    if (this.termDeltas.size === 0) return;
    this.seq += 1;
    for (const [term, delta] of this.termDeltas) if (delta !== 0) this.countTerm.run(term, delta, this.seq);
    this.termDeltas.clear();
  }

  private stored(id: string): JsonObject | null {
    const body = this.select.get(id) as string | null | undefined;
    return body ? (JSON.parse(body) as JsonObject) : null;
  }

  /** Each distinct term of one document's text counts once, as FTS5's `row` vocabulary counts documents. */
  private count(texts: readonly string[] | undefined, sign: number): void {
    if (!texts) return;
    const terms = new Set(texts.flatMap((text) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)));
    terms.delete('');
    for (const term of terms) this.termDeltas.set(term, (this.termDeltas.get(term) ?? 0) + sign);
  }
}

function textOf(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}

function columnValue(value: JsonValue | undefined): string | number | null {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}
