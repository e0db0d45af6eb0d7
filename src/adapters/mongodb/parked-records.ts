import type { AnyBulkWriteOperation } from 'mongodb';
import { formatPosition } from '../../core/position.js';
import type { Batch, ParkedEvent } from '../../core/ports/read-model-store.js';
import { positionOf, storedPosition, type StoredPosition } from './stored-position.js';

/** A parked event as stored, in the shared `parked` collection and in change-log entries. */
export interface ParkedFields {
  pos: StoredPosition;
  stream: string;
  eventId: string;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: Date;
}

/** A parked event in the shared `parked` collection, keyed by its generation and position. */
export interface ParkedRecord extends ParkedFields {
  _id: string;
  key: string;
}

/** The batch's parked events (stored again if parked again) and then its unparked ones, in one ordered bulk write. */
export function parkedOperations(key: string, batch: Batch): AnyBulkWriteOperation<ParkedRecord>[] {
  return [
    ...batch.parked.map((event): AnyBulkWriteOperation<ParkedRecord> => ({
      replaceOne: { filter: { _id: parkedId(key, event) }, replacement: { key, ...parkedFieldsOf(event) }, upsert: true },
    })),
    ...batch.unparked.map((position): AnyBulkWriteOperation<ParkedRecord> => ({ deleteOne: { filter: { _id: parkedId(key, { position }) } } })),
  ];
}

export function parkedFieldsOf(event: ParkedEvent): ParkedFields {
  return {
    pos: storedPosition(event.position),
    stream: event.streamId,
    eventId: event.eventId,
    eventType: event.eventType,
    error: event.error,
    attempts: event.attempts,
    parkedAt: event.parkedAt,
  };
}

export function parkedEventOf(record: ParkedFields): ParkedEvent {
  return {
    position: positionOf(record.pos),
    streamId: record.stream,
    eventId: record.eventId,
    eventType: record.eventType,
    error: record.error,
    attempts: Number(record.attempts),
    parkedAt: record.parkedAt,
  };
}

function parkedId(key: string, event: Pick<ParkedEvent, 'position'>): string {
  return `${key}@${formatPosition(event.position)}`;
}
