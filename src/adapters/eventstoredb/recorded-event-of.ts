import type { JsonObject, JsonValue, RecordedEvent } from '../../core/events.js';
import { positionOf } from './position-of.js';

/** The part of the client's recorded event this adapter reads. */
export interface ClientRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

/**
 * A client event as the core's. JSON events come parsed; binary ones (written by other tools, or
 * the server's own) are parsed when they hold JSON. `commitPosition` stands in for servers that
 * send no position on stream reads.
 */
export function recordedEventOf(event: ClientRecordedEvent, commitPosition?: bigint): RecordedEvent {
  const position = positionOf(event.position) ?? (commitPosition === undefined ? undefined : positionOf({ commit: commitPosition, prepare: commitPosition }));
  if (!position) throw new Error(`event ${event.id} of "${event.streamId}" came without a position; EventStoreDB 22.6 or later is needed`);
  const metadata = jsonOf(event.metadata);
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: BigInt(event.revision),
    position,
    data: jsonOf(event.data) ?? null,
    metadata: metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as JsonObject) : {},
    created: event.created,
  };
}

function jsonOf(value: unknown): JsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) {
    if (value.length === 0) return undefined;
    const text = Buffer.from(value).toString('utf8');
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  return value as JsonValue;
}
