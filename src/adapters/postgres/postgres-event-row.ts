import type { JsonObject, JsonValue, RecordedEvent } from '../../core/events.js';
import { position, type Position } from '../../core/position.js';

/** An `events` row as node-postgres returns it: bigints and xids as text, JSONB parsed. */
export interface PostgresEventRow {
  readonly position: string;
  readonly tx_id: string;
  readonly stream: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly created: Date;
}

export const EVENT_COLUMNS = 'position, tx_id, stream, revision, event_id, type, data, metadata, created';

/**
 * A PostgreSQL event's `$all` position: the writing transaction's id, then its place in the
 * sequence. `$all` is ordered by that pair (see PostgresAllReader), EventStoreDB's
 * `{ commit, prepare }` in spirit: commit first.
 */
export function positionOfRow(row: { readonly tx_id: string; readonly position: string }): Position {
  return position(BigInt(row.tx_id), BigInt(row.position));
}

export function toRecordedEvent(row: PostgresEventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    streamId: row.stream,
    revision: BigInt(row.revision),
    position: positionOfRow(row),
    data: row.data,
    metadata: row.metadata,
    created: row.created,
  };
}
