import { AlreadyExistsError } from '../core/domain-errors.js';

/** The decision of a create command whose entity exists already: a given id used twice is refused, never appended to. */
export function exists(entity: string, id: string): never {
  throw new AlreadyExistsError(entity, id);
}
