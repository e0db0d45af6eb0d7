import { sqliteConnection } from '@event-driven-io/emmett-sqlite';
import { isDeepStrictEqual } from 'node:util';
import { projections } from '../../projections/index.js';
import type { JsonObject } from '../../src/core/events.js';
import { emmettTables } from './emmett-tables.js';
import { expectedDocuments } from './expected-documents.js';

/**
 * Checks, after the timed run, that Emmett's tables hold exactly the documents our read models
 * hold for the first `count` events (no more, no fewer, each equal), and that a search table's
 * columns hold its documents' fields. Throws on the first difference, so that a run that lost
 * or skewed work fails instead of looking fast; returns each table's count.
 */
export async function verifyEmmettDocuments(fileName: string, count: number): Promise<string> {
  const expected = await expectedDocuments(count);
  const connection = sqliteConnection({ fileName });
  const counts: string[] = [];
  try {
    for (const projection of projections) {
      const { tables, searchColumns } = emmettTables(projection);
      const columns = searchColumns.length > 0 ? `json_array(${searchColumns.map(({ column }) => column).join(', ')})` : 'NULL';
      for (const table of tables.values()) {
        const documents = expected.get(table) ?? new Map<string, JsonObject>();
        const rows = await connection.query<{ id: string; data: string; columns: string | null }>(`SELECT id, data, ${columns} AS columns FROM ${table}`);
        if (rows.length !== documents.size) throw new Error(`${table}: ${rows.length} documents, expected ${documents.size}`);
        for (const row of rows) {
          const document = JSON.parse(row.data) as JsonObject;
          const wanted = documents.get(row.id);
          if (!isDeepStrictEqual(document, wanted)) throw new Error(`${table}/${row.id}: ${row.data} differs from ${JSON.stringify(wanted)}`);
          const fields = searchColumns.map(({ field }) => document[field] ?? null);
          if (row.columns !== null && !isDeepStrictEqual(JSON.parse(row.columns), fields)) {
            throw new Error(`${table}/${row.id}: columns ${row.columns} differ from the document's ${JSON.stringify(fields)}`);
          }
        }
        counts.push(`${table} ${rows.length}`);
      }
    }
  } finally {
    connection.close();
  }
  return counts.join(', ');
}
