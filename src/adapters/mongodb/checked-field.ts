import { InvalidQueryError } from '../../core/ports/read-model-errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A top-level field name, checked before it becomes part of a path (`body.<field>`): a dot
 * would reach into a nested document, and a leading `$` would turn user input into an
 * operator (`$where`). Only identifiers pass.
 */
export function checkedField(field: string): string {
  if (typeof field !== 'string' || !IDENTIFIER.test(field)) throw new InvalidQueryError(`"${String(field)}" is not a field name`);
  return field;
}
