import { EventStoreUnavailableError, type EventStoreError } from '../../core/ports/event-store-errors.js';
import { eventStoreErrorOf } from './eventstoredb-errors-of.js';

/**
 * The port's error for a client failure in an operation on a group (or on all groups, for an
 * empty `group`), naming both when the port has no error of its own for it.
 */
export function groupErrorOf(operation: string, group: string, error: unknown): EventStoreError {
  return eventStoreErrorOf(error, { group }) ?? new EventStoreUnavailableError(group ? `${operation} on group "${group}"` : `${operation} of groups`, error);
}
