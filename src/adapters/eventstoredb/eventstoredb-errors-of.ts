import { ErrorType } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../../core/ports/event-streams.js';
import {
  EventTooLargeError,
  EventStoreError,
  InvalidAppendError,
  MaximumSubscribersReachedError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionNotFoundError,
  WrongExpectedRevisionError,
} from '../../core/ports/event-store-errors.js';

/** What the adapter knew when the client failed: the port's errors carry it. */
export interface ErrorContext {
  readonly stream?: string;
  readonly expected?: ExpectedRevision;
  readonly group?: string;
  readonly eventType?: string;
  readonly bytes?: number;
}

interface ClientError {
  readonly type?: unknown;
  readonly actualState?: unknown;
  readonly maxAppendSize?: unknown;
  readonly reason?: unknown;
  readonly message?: unknown;
}

/**
 * The port's error for a client error, or undefined when the port has none (the caller then
 * raises `EventStoreUnavailableError` with the client error as its cause). Errors are told
 * apart by the client's `type` tag, not by class, so that a second copy of the client cannot
 * slip past.
 */
export function eventStoreErrorOf(error: unknown, context: ErrorContext = {}): EventStoreError | undefined {
  if (error instanceof EventStoreError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const clientError = error as ClientError;
  const stream = context.stream ?? '';
  const group = context.group ?? '';
  switch (clientError.type) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      return new WrongExpectedRevisionError(stream, context.expected ?? 'any', actualOf(clientError.actualState));
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED: {
      const limit = Number(clientError.maxAppendSize ?? 0);
      return new EventTooLargeError(stream, context.eventType ?? 'append', context.bytes ?? limit + 1, limit);
    }
    case ErrorType.STREAM_DELETED:
    case ErrorType.STREAM_TOMBSTONED:
      return new InvalidAppendError(stream, 'the stream was deleted');
    case ErrorType.PERSISTENT_SUBSCRIPTION_EXISTS:
      return new PersistentSubscriptionExistsError(group);
    case ErrorType.PERSISTENT_SUBSCRIPTION_DOES_NOT_EXIST:
      return new PersistentSubscriptionNotFoundError(group);
    case ErrorType.MAXIMUM_SUBSCRIBERS_REACHED:
      // The server does not say its limit; the port's error names the group, and 0 for unknown.
      return new MaximumSubscribersReachedError(group, 0);
    case ErrorType.PERSISTENT_SUBSCRIPTION_DROPPED:
      return new PersistentSubscriptionDroppedError(group, String(clientError.message ?? 'dropped by the server'));
    default:
      return undefined;
  }
}

/** The stream's actual revision: the client says `no_stream`, or a bigint that is negative for none. */
function actualOf(actual: unknown): bigint | 'no_stream' {
  if (typeof actual === 'bigint') return actual < 0n ? 'no_stream' : actual;
  if (typeof actual === 'number' || (typeof actual === 'string' && /^-?\d+$/.test(actual))) {
    const value = BigInt(actual);
    return value < 0n ? 'no_stream' : value;
  }
  return 'no_stream';
}
