import type { Filter, Sort } from 'mongodb';
import type { JsonPrimitive } from '../../core/events.js';
import type { Condition, DocumentQuery } from '../../core/ports/document-queries.js';
import { InvalidQueryError } from '../../core/ports/read-model-errors.js';
import { checkedField } from './checked-field.js';
import type { DocumentRecord } from './document-record.js';

const RANGE = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/**
 * A query's conditions as a MongoDB filter on live documents (tombstones have a null body).
 * Field names must be identifiers and values JSON primitives, checked here: user input never
 * becomes an operator or a path. Equality and ranges use MongoDB's comparison, which keeps
 * JSON types apart (true is not 1, "10" is not 10), and skip arrays, which MongoDB would match
 * by any element; `containsAny` is `$in` on the array field.
 */
export function documentFilterOf(conditions: readonly Condition[]): Filter<DocumentRecord> {
  return { $and: [{ body: { $ne: null } }, ...conditions.map(conditionFilter)] } as Filter<DocumentRecord>;
}

/** The query's order, then ties by position as SQLite breaks them: the later written first when the first sort is descending. */
export function documentSortOf(orderBy: DocumentQuery['orderBy'] = []): Sort {
  const tie = orderBy[0]?.direction === 'desc' ? -1 : 1;
  const sort: Record<string, 1 | -1> = {};
  for (const { field, direction } of orderBy) sort[`body.${checkedField(field)}`] = direction === 'desc' ? -1 : 1;
  return { ...sort, 'pos.c': tie, 'pos.p': tie, _id: 1 };
}

function conditionFilter(condition: Condition): object {
  const path = `body.${checkedField(condition.field)}`;
  switch (condition.op) {
    case 'eq':
      return { [path]: { $eq: primitive(condition.value), $not: { $type: 'array' } } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const value = condition.value as unknown;
      if (typeof value !== 'number' && typeof value !== 'string') throw new InvalidQueryError(`a range needs a number or a string, not ${JSON.stringify(value)}`);
      return { [path]: { [RANGE[condition.op]]: value, $not: { $type: 'array' } } };
    }
    case 'containsAny':
      if (!Array.isArray(condition.values)) throw new InvalidQueryError('containsAny needs an array of values');
      return { [path]: { $exists: true, $in: condition.values.map(primitive) } };
    default:
      throw new InvalidQueryError(`unknown condition ${JSON.stringify((condition as { op?: unknown }).op)}`);
  }
}

function primitive(value: unknown): JsonPrimitive {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new InvalidQueryError(`${JSON.stringify(value)} is not a string, number, boolean or null`);
}
