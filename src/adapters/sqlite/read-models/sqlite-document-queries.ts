import type { JsonObject } from '../../../core/events.js';
import type { Generation } from '../../../core/projections/generation.js';
import type { Condition, DocumentPage, DocumentQueries, DocumentQuery } from '../../../core/ports/document-queries.js';
import { withReadModelErrors } from '../../../core/ports/read-model-errors-of.js';
import { documentTable, fieldExpression } from './generation-tables.js';
import type { ReadModelDatabase } from './read-model-database.js';

/** Queries on JSON documents; conditions on declared index fields use the expression indexes. */
export class SqliteDocumentQueries implements DocumentQueries {
  constructor(private readonly database: ReadModelDatabase) {
    return withReadModelErrors(this, 'query');
  }

  async get(generation: Generation, collection: string, id: string): Promise<JsonObject | undefined> {
    const body = this.database.statements.get(`SELECT body FROM ${documentTable(generation, collection)} WHERE id = ? AND body IS NOT NULL`, { pluck: true }).get(id) as
      | string
      | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as JsonObject);
  }

  async find(generation: Generation, collection: string, query: DocumentQuery): Promise<DocumentPage> {
    const table = documentTable(generation, collection);
    const params: unknown[] = [];
    const where = ['body IS NOT NULL', ...(query.where ?? []).map((condition) => sqlOf(condition, params))].join(' AND ');
    const order = (query.orderBy ?? []).map((o) => `${fieldExpression(o.field)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`);
    // Ties go to the order the documents were last written in (the later event is the newer).
    const tieBreak = query.orderBy?.[0]?.direction === 'desc' ? 'commit_pos DESC, id' : 'commit_pos, id';
    const orderBy = `ORDER BY ${[...order, tieBreak].join(', ')}`;
    const read = this.database.db.transaction(() => {
      const bodies = this.database.statements
        .get(`SELECT body FROM ${table} WHERE ${where} ${orderBy} LIMIT ? OFFSET ?`, { pluck: true })
        .all(...params, query.limit, query.offset ?? 0) as string[];
      const total = this.database.statements.get(`SELECT count(*) FROM ${table} WHERE ${where}`, { pluck: true }).get(...params) as number;
      return { documents: bodies.map((body) => JSON.parse(body) as JsonObject), total };
    });
    return read();
  }
}

function sqlOf(condition: Condition, params: unknown[]): string {
  const field = fieldExpression(condition.field);
  const type = `json_type(body, '$.${condition.field}')`;
  switch (condition.op) {
    case 'eq': {
      const value = condition.value;
      // JSON types stay apart: json_extract turns true into 1, so booleans and numbers check the type too.
      if (value === null) return `(${type} IS NULL OR ${type} = 'null')`;
      if (typeof value === 'boolean') return `${type} = '${value}'`;
      params.push(value);
      return `${field} = ? AND ${type} ${typeof value === 'number' ? "IN ('integer', 'real')" : "= 'text'"}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      params.push(condition.value);
      return `${field} ${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.op]} ? AND ${type} ${typeof condition.value === 'number' ? "IN ('integer', 'real')" : "= 'text'"}`;
    case 'containsAny':
      params.push(JSON.stringify(condition.values));
      return `EXISTS (SELECT 1 FROM json_each(body, '$.${condition.field}') AS element JOIN json_each(?) AS wanted
        ON element.atom = wanted.atom AND ${kindOf('element.type')} = ${kindOf('wanted.type')})`;
  }
}

function kindOf(type: string): string {
  return `(CASE WHEN ${type} IN ('integer', 'real') THEN 'number' ELSE ${type} END)`;
}
