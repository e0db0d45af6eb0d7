import type { ExpectedRevision } from './event-streams.js';

/** Every error an event store adapter raises is one of these; engine errors travel as `cause`. */
export abstract class EventStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class WrongExpectedRevisionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or `'no_stream'`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Append to "${stream}" expected revision ${String(expected)}, but the stream is at ${String(actual)}`);
  }
}

export class EventTooLargeError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly eventType: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`Event ${eventType} for "${stream}" is ${size} bytes; the limit is ${limit} bytes`);
  }
}

/** The append itself is malformed: empty stream name, missing type, an id that is not a uuid. */
export class InvalidAppendError extends EventStoreError {
  constructor(
    readonly stream: string,
    reason: string,
  ) {
    super(`Cannot append to "${stream}": ${reason}`);
  }
}

/** An unexpired record of this idempotency key exists: the append was not made. */
export class IdempotencyKeyInUseError extends EventStoreError {
  constructor(readonly key: string) {
    super(`Idempotency key ${JSON.stringify(key)} is already recorded with another append`);
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  constructor(operation: string, cause: unknown) {
    super(`Event store ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export class PersistentSubscriptionExistsError extends EventStoreError {
  constructor(readonly group: string) {
    super(`Persistent subscription group "${group}" already exists`);
  }
}

export class PersistentSubscriptionNotFoundError extends EventStoreError {
  constructor(readonly group: string) {
    super(`Persistent subscription group "${group}" does not exist`);
  }
}

export class MaximumSubscribersReachedError extends EventStoreError {
  constructor(readonly group: string, readonly limit: number) {
    super(`Persistent subscription group "${group}" already has its maximum of ${limit} consumers`);
  }
}

/** The group was deleted, or the store closed, while a consumer was connected. */
export class PersistentSubscriptionDroppedError extends EventStoreError {
  constructor(readonly group: string, reason: string) {
    super(`Persistent subscription group "${group}" dropped its consumer: ${reason}`);
  }
}

export class InvalidPersistentSubscriptionSettingsError extends EventStoreError {
  constructor(readonly group: string, reason: string) {
    super(`Persistent subscription group "${group}": ${reason}`);
  }
}
