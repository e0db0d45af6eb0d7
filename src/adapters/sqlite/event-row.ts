import type { JsonObject, JsonValue, RecordedEvent } from '../../core/events.js';
import { position } from '../../core/position.js';
import type { EventTypeRegistry } from './event-type-registry.js';

/** An `events` row joined with its stream name. */
export interface EventRow {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly event_id: Buffer;
  readonly type_id: number;
  readonly created: number;
  readonly data: string;
  readonly metadata: string;
}

export const EVENT_COLUMNS = 'e.position, s.name AS stream, e.revision, e.event_id, e.type_id, e.created, e.data, e.metadata';

export function toRecordedEvent(row: EventRow, types: EventTypeRegistry): RecordedEvent {
  return {
    id: bytesToUuid(row.event_id),
    type: types.nameOf(row.type_id),
    streamId: row.stream,
    revision: BigInt(row.revision),
    position: position(BigInt(row.position)),
    data: JSON.parse(row.data) as JsonValue,
    metadata: JSON.parse(row.metadata) as JsonObject,
    created: new Date(row.created),
  };
}

export function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

export function bytesToUuid(bytes: Buffer): string {
  return hexToUuid(bytes.toString('hex'));
}

/** 32 lower-case hex digits as a uuid, dashes in place. */
export function hexToUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
