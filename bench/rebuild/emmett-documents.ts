import type { SQLiteConnection } from '@event-driven-io/emmett-sqlite';
import type { JsonObject, JsonValue } from '../../src/core/events.js';
import type { DocumentOperation } from '../../src/core/projections/document-operations.js';
import type { HandlerContext } from '../../src/core/projections/projection.js';
import { sqlName, type EmmettTables } from './emmett-tables.js';

/** A projection's documents on Emmett's connection: what its handlers read, and where their operations go. */
export interface EmmettDocuments extends HandlerContext {
  apply(operation: DocumentOperation): Promise<void>;
}

/**
 * The adapter between our handlers and an Emmett SQLite projection. Emmett 0.38.5 has no
 * document (pongo) projections for SQLite, whose evolve would take a document and return the
 * new one: its SQLite projections are plain `handle(events, { connection })` functions. So each
 * of our operations becomes the one statement a hand-written Emmett projection would run, with
 * `applyOperation`'s meaning: a put upserts the whole document; a patch sets top-level fields
 * and an increment adds to numeric ones (a missing or non-numeric field counts as 0), both in
 * place, and neither creates a missing document; a delete deletes. Patches and increments are
 * not read first: that would add a read to 40% of the workload (the likes), and the peer would
 * no longer run the statements it ran before its projections were derived from ours.
 *
 * `get` reads on the same connection, inside Emmett's transaction for the batch, so a handler
 * sees what the earlier events of the batch did, as `HandlerContext` promises; and only the
 * projection's own collections, as ours do. `emmett-verify.ts` checks every stored document
 * against `applyOperation` itself.
 */
export function emmettDocuments(connection: SQLiteConnection, tables: EmmettTables): EmmettDocuments {
  const { searchColumns } = tables;
  const columnNames = searchColumns.map(({ column }) => `, ${column}`).join('');
  const columnUpdates = searchColumns.map(({ column }) => `, ${column} = excluded.${column}`).join('');

  /** A search table's columns after an in-place change: the same values a put binds, taken from the stored document. */
  const refreshColumns = (table: string, id: string) =>
    connection.command(`UPDATE ${table} SET ${searchColumns.map(({ field, column }) => `${column} = json_extract(data, '$.${field}')`).join(', ')} WHERE id = ?`, [id]);

  return {
    async get(collection, id) {
      const row = await connection.querySingle<{ data: string }>(`SELECT data FROM ${tables.tableOf(collection)} WHERE id = ?`, [id]);
      return row ? (JSON.parse(row.data) as JsonObject) : undefined;
    },

    async apply(operation) {
      const table = tables.tableOf(operation.collection);
      switch (operation.kind) {
        case 'put': {
          const { document } = operation;
          const values = searchColumns.map(({ field }) => columnValue(document[field]));
          await connection.command(
            `INSERT INTO ${table} (id, data${columnNames}) VALUES (?, ?${', ?'.repeat(values.length)}) ON CONFLICT (id) DO UPDATE SET data = excluded.data${columnUpdates}`,
            [operation.id, JSON.stringify(document), ...values],
          );
          return;
        }
        case 'patch': {
          const fields = Object.entries(operation.set);
          if (fields.length === 0) return;
          // json(?) keeps each value's JSON type: a string stays a string, an object an object.
          await connection.command(`UPDATE ${table} SET data = json_set(data${', ?, json(?)'.repeat(fields.length)}) WHERE id = ?`, [
            ...fields.flatMap(([field, value]) => [path(field), JSON.stringify(value)]),
            operation.id,
          ]);
          break;
        }
        case 'increment': {
          const fields = Object.entries(operation.by);
          if (fields.length === 0) return;
          const added = `, ?, CASE WHEN json_type(data, ?) IN ('integer', 'real') THEN json_extract(data, ?) ELSE 0 END + ?`;
          await connection.command(`UPDATE ${table} SET data = json_set(data${added.repeat(fields.length)}) WHERE id = ?`, [
            ...fields.flatMap(([field, by]) => [path(field), path(field), path(field), by]),
            operation.id,
          ]);
          break;
        }
        case 'delete':
          await connection.command(`DELETE FROM ${table} WHERE id = ?`, [operation.id]);
          return;
      }
      if (searchColumns.length > 0) await refreshColumns(table, operation.id);
    },
  };
}

const path = (field: string): string => `$.${sqlName(field)}`;

/** A search column's value, as a put binds it: strings and numbers as they are, anything else as SQLite's JSON functions would give it. */
function columnValue(value: JsonValue | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}
