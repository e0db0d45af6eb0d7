import type { Projection, SearchField } from '../../src/core/projections/projection.js';

/** A search field kept as a plain column of its projection's table, beside the document. */
export interface SearchColumn {
  readonly field: string;
  readonly column: string;
}

/** Where one of our projections keeps its documents in Emmett's SQLite file. */
export interface EmmettTables {
  /** Each of the projection's collections, and its table. */
  readonly tables: ReadonlyMap<string, string>;
  /** The table of one of the projection's own collections; throws for any other. */
  tableOf(collection: string): string;
  /** A search projection's fields, as columns of its table; none for a documents projection. */
  readonly searchColumns: readonly SearchColumn[];
  /** Creates the tables and their indexes; run once, before the rebuild and outside its timing. */
  readonly ddl: readonly string[];
}

/**
 * Our projections' documents as Emmett's projections would keep them, in the tables and with
 * the indexes the projections declare: one table of JSON documents keyed by id per collection
 * (`order_view_orders`), with an expression index per declared index. A search projection's
 * table also keeps its fields as plain columns, filterable ones indexed; there is no full-text
 * index, which is less work than our FTS5 index and vocabulary.
 */
export function emmettTables(projection: Projection): EmmettTables {
  const { target } = projection;
  const collections = target.kind === 'documents' ? Object.keys(target.collections) : [target.collection];
  const tables = new Map(collections.map((collection) => [collection, `${snakeCase(projection.name)}_${snakeCase(collection)}`]));
  const tableOf = (collection: string): string => {
    const table = tables.get(collection);
    if (!table) throw new Error(`${projection.name} has no collection ${collection}`);
    return table;
  };

  if (target.kind === 'documents') {
    const ddl = Object.entries(target.collections).flatMap(([collection, spec]) => {
      const table = tableOf(collection);
      const indexes = (spec.indexes ?? []).map(
        (index, n) => `CREATE INDEX IF NOT EXISTS ${table}_i${n} ON ${table} (${index.fields.map((field) => `json_extract(data, '$.${sqlName(field)}')`).join(', ')})`,
      );
      return [`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, data TEXT NOT NULL)`, ...indexes];
    });
    return { tables, tableOf, searchColumns: [], ddl };
  }

  const table = tableOf(target.collection);
  const fields = Object.entries(target.fields);
  const searchColumns = fields.map(([field]) => ({ field: sqlName(field), column: snakeCase(field) }));
  const columns = fields.map(([field, spec]) => `${snakeCase(field)} ${columnType(spec)}`);
  const indexes = fields
    .filter(([, spec]) => 'filterable' in spec && spec.filterable)
    .map(([field]) => `CREATE INDEX IF NOT EXISTS ${table}_${snakeCase(field)} ON ${table} (${snakeCase(field)})`);
  return { tables, tableOf, searchColumns, ddl: [`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, data TEXT NOT NULL, ${columns.join(', ')})`, ...indexes] };
}

const columnType = (spec: SearchField): string => (spec.type === 'number' ? 'REAL' : 'TEXT');

/** `AuthorStatsView` -> `author_stats_view`, `createdAt` -> `created_at`. */
const snakeCase = (name: string): string => sqlName(name).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Field and collection names go into SQL text and JSON paths: plain identifiers only. */
export function sqlName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a plain identifier; the Emmett benchmark cannot name it in SQL`);
  return name;
}
