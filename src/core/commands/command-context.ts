import { randomUUID } from 'node:crypto';
import { CAUSATION_ID, CORRELATION_ID, correlationIdOf, type JsonObject, type RecordedEvent } from '../events.js';
import type { IdempotencyRecord } from '../ports/idempotency.js';

/**
 * Who asked, and as part of what. The correlation id follows a whole conversation (an HTTP
 * request's `X-Correlation-Id`). The causation id is what directly caused the events: the
 * command itself, or the event a reaction is answering.
 */
export interface CommandContext {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** Recorded with the command's append, so that a retry of the same request appends nothing. */
  readonly idempotency?: IdempotencyRecord;
}

/** A command from outside: it causes its own events, and starts a conversation unless given one. */
export function commandContext(correlationId?: string, idempotency?: IdempotencyRecord): CommandContext {
  const commandId = randomUUID();
  return { commandId, correlationId: correlationId ?? commandId, causationId: commandId, ...(idempotency ? { idempotency } : {}) };
}

/** A command issued in reaction to an event: same conversation, caused by that event. */
export function contextCausedBy(event: RecordedEvent): CommandContext {
  return { commandId: randomUUID(), correlationId: correlationIdOf(event) ?? event.id, causationId: event.id };
}

/** The metadata every event of a command carries, in EventStoreDB's own keys. */
export function eventMetadata(context: CommandContext): JsonObject {
  return { [CORRELATION_ID]: context.correlationId, [CAUSATION_ID]: context.causationId };
}
