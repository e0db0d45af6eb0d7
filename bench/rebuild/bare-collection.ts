import type { SqliteDatabase } from '../../src/adapters/sqlite/open-database.js';
import type { SqliteStatement } from '../../src/adapters/sqlite/sqlite-driver.js';
import type { JsonObject, JsonValue } from '../../src/core/events.js';

/** A document read or written in this batch; `body` null: read, and not there. */
interface Held {
  body: JsonObject | null;
  position: number;
  dirty: boolean;
}

/** Changes to a document that was not read in this batch, merged, for one UPDATE at the end. */
interface Pending {
  readonly set: Record<string, JsonValue>;
  readonly add: Record<string, number>;
  position: number;
}

/**
 * One document table of limit (b), as a hand-written loop keeps it: the documents a batch reads
 * or replaces are held in memory and written once at the end of the batch; a document that is
 * only patched or incremented is never read, its changes are merged and applied in place, one
 * `json_set` UPDATE per document per batch. Rows as the platform's (`id, body, commit_pos,
 * prepare_pos, late`), with the position of the last event that changed the document. No
 * exactly-once guards, no retries, no cache across batches.
 */
export class BareCollection {
  private readonly held = new Map<string, Held>();
  private readonly pending = new Map<string, Pending>();
  private readonly select: SqliteStatement;
  private readonly upsert: SqliteStatement;
  private readonly updates = new Map<string, SqliteStatement>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly table: string,
  ) {
    this.select = db.prepare(`SELECT body FROM ${table} WHERE id = ?`).pluck();
    this.upsert = db.prepare(
      `INSERT INTO ${table} (id, body, commit_pos, prepare_pos, late) VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, late = NULL`,
    );
  }

  get(id: string): JsonObject | undefined {
    return this.read(id).body ?? undefined;
  }

  put(id: string, body: JsonObject, position: number): void {
    this.pending.delete(id);
    this.held.set(id, { body, position, dirty: true });
  }

  /** Sets top-level fields of an existing document; nothing if there is none. */
  set(id: string, fields: JsonObject, position: number): void {
    const held = this.held.get(id);
    if (held) {
      if (held.body) {
        Object.assign(held.body, fields);
        changed(held, position);
      }
      return;
    }
    const pending = this.pendingOf(id, position);
    for (const [field, value] of Object.entries(fields)) {
      pending.set[field] = value;
      delete pending.add[field];
    }
  }

  /** Adds to a numeric field of an existing document; nothing if there is none. */
  add(id: string, field: string, by: number, position: number): void {
    const held = this.held.get(id);
    if (held) {
      if (held.body) {
        held.body[field] = numberOf(held.body[field]) + by;
        changed(held, position);
      }
      return;
    }
    const pending = this.pendingOf(id, position);
    if (field in pending.set) pending.set[field] = numberOf(pending.set[field]) + by;
    else pending.add[field] = (pending.add[field] ?? 0) + by;
  }

  /** Writes the batch's documents, in the caller's transaction, and forgets them. */
  flush(): void {
    for (const [id, { body, position, dirty }] of this.held) if (dirty && body) this.upsert.run(id, JSON.stringify(body), position, position);
    for (const [id, { set, add, position }] of this.pending) {
      const setFields = Object.keys(set);
      const addFields = Object.keys(add);
      this.updateFor(setFields, addFields).run(...setFields.map((f) => JSON.stringify(set[f])), ...addFields.map((f) => add[f]), position, position, id);
    }
    this.held.clear();
    this.pending.clear();
  }

  private read(id: string): Held {
    let held = this.held.get(id);
    if (held) return held;
    const stored = this.select.get(id) as string | null | undefined;
    held = { body: stored ? (JSON.parse(stored) as JsonObject) : null, position: 0, dirty: false };
    const pending = this.pending.get(id);
    if (pending && held.body) {
      const body: Record<string, JsonValue> = { ...held.body, ...pending.set };
      for (const [field, by] of Object.entries(pending.add)) body[field] = numberOf(body[field]) + by;
      held = { body, position: pending.position, dirty: true };
    }
    this.pending.delete(id);
    this.held.set(id, held);
    return held;
  }

  private pendingOf(id: string, position: number): Pending {
    let pending = this.pending.get(id);
    if (!pending) this.pending.set(id, (pending = { set: {}, add: {}, position }));
    pending.position = position;
    return pending;
  }

  /** `UPDATE ... SET body = json_set(body, ...)` for these fields, prepared once per combination. */
  private updateFor(setFields: readonly string[], addFields: readonly string[]): SqliteStatement {
    const key = `${setFields.join(',')}|${addFields.join(',')}`;
    let update = this.updates.get(key);
    if (!update) {
      const pairs = [
        ...setFields.map((field) => `'$.${field}', json(?)`),
        ...addFields.map((field) => `'$.${field}', coalesce(json_extract(body, '$.${field}'), 0) + ?`),
      ];
      update = this.db.prepare(`UPDATE ${this.table} SET body = json_set(body, ${pairs.join(', ')}), commit_pos = ?, prepare_pos = ? WHERE id = ? AND body IS NOT NULL`);
      this.updates.set(key, update);
    }
    return update;
  }
}

/** A held document is the batch's own object: changes go into it in place. */
function changed(held: Held, position: number): void {
  held.position = position;
  held.dirty = true;
}

function numberOf(value: JsonValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}
