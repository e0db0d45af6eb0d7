import { ReadModelError, ReadModelStoreError } from './read-model-errors.js';
import { translateErrors } from './translate-errors.js';

/** A read-model adapter whose every failure is a `ReadModelError` (see translateErrors). */
export function withReadModelErrors<T extends object>(adapter: T, label: string): T {
  return translateErrors(adapter, (error) => error instanceof ReadModelError, (operation, cause) => new ReadModelStoreError(`${label} ${operation}`, cause));
}
