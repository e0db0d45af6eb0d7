import { EventStoreError, EventStoreUnavailableError } from './event-store-errors.js';
import { translateErrors } from './translate-errors.js';

/** An event store adapter whose every failure is an `EventStoreError` (see translateErrors). */
export function withEventStoreErrors<T extends object>(adapter: T): T {
  return translateErrors(adapter, (error) => error instanceof EventStoreError, (operation, cause) => new EventStoreUnavailableError(operation, cause));
}
