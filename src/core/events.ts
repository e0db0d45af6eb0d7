import type { Position } from './position.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Metadata keys shared with EventStoreDB, so that its `$by_correlation_id` system projection
 * works on events written by us.
 */
export const CORRELATION_ID = '$correlationId';
export const CAUSATION_ID = '$causationId';

/** An event on its way into a stream. */
export interface EventData<Data extends JsonValue = JsonValue> {
  /** A uuid. Appending an id the stream already holds is idempotent; generated when absent. */
  readonly id?: string;
  readonly type: string;
  readonly data: Data;
  readonly metadata?: JsonObject;
}

/** An event as stored: where it sits in its stream and in `$all`. */
export interface RecordedEvent<Data extends JsonValue = JsonValue> {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  /** Zero-based place in its stream. */
  readonly revision: bigint;
  readonly position: Position;
  readonly data: Data;
  readonly metadata: JsonObject;
  readonly created: Date;
}

/** System events (`$`-prefixed types) belong to the engine, and are never delivered from `$all`. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

export function correlationIdOf(event: RecordedEvent): string | undefined {
  const value = event.metadata[CORRELATION_ID];
  return typeof value === 'string' ? value : undefined;
}
