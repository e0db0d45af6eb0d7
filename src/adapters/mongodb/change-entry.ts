import type { ObjectId } from 'mongodb';
import type { Parking, ProjectionChange } from '../../core/ports/change-notifier.js';
import { parkingOf } from '../../core/ports/parking-of.js';
import type { Batch, CorrelatedDocuments } from '../../core/ports/read-model-store.js';
import type { Generation } from '../../core/projections/generation.js';
import { parkedEventOf, parkedFieldsOf, type ParkedFields } from './parked-records.js';
import { positionOf, storedPosition, type StoredPosition } from './stored-position.js';

/**
 * One committed batch in the shared `changes` collection, for processes that did not commit it.
 * Its `_id` is a sequence number (see ChangeSequence) where readers tail the collection by
 * query (no change streams), and the driver's ObjectId where they follow a change stream; `at`
 * serves pruning. `parking` is missing from entries written before it was recorded.
 */
export interface ChangeEntry {
  _id?: string | ObjectId;
  projection: string;
  generation: number;
  /** The partition that committed (see ProjectionChange.partition); missing for a projection that is not partitioned. */
  part?: number;
  pos: StoredPosition;
  documentIds: string[];
  correlationIds: string[];
  correlations: CorrelatedDocuments[];
  parking?: ParkingEntry;
  at: Date;
}

/** A change's parking as stored (see Parking). */
export interface ParkingEntry {
  commits: number;
  parked: ParkedFields[];
  unparked: StoredPosition[];
}

/** How long entries are kept: far longer than any reader lags behind, short enough to stay small. */
export const CHANGE_RETENTION_MS = 10 * 60_000;

export function changeEntryOf(generation: Generation, batch: Batch): ChangeEntry {
  const parking = parkingOf(batch);
  return {
    projection: generation.projection.name,
    generation: generation.generation,
    ...(generation.partition !== undefined ? { part: generation.partition } : {}),
    pos: storedPosition(batch.checkpoint),
    documentIds: [...batch.documentIds],
    correlationIds: [...batch.correlationIds],
    correlations: batch.correlations.map((c) => ({ correlationId: c.correlationId, documentIds: [...c.documentIds] })),
    parking: { commits: parking.commits, parked: parking.parked.map(parkedFieldsOf), unparked: parking.unparked.map(storedPosition) },
    at: new Date(),
  };
}

export function projectionChangeOf(entry: ChangeEntry): ProjectionChange {
  return {
    projection: entry.projection,
    generation: Number(entry.generation),
    ...(entry.part !== undefined && entry.part !== null ? { partition: Number(entry.part) } : {}),
    position: positionOf(entry.pos),
    documentIds: entry.documentIds,
    correlationIds: entry.correlationIds,
    correlations: entry.correlations,
    ...(entry.parking ? { parking: parkingFrom(entry.parking) } : {}),
  };
}

function parkingFrom(entry: ParkingEntry): Parking {
  return { commits: Number(entry.commits), parked: entry.parked.map(parkedEventOf), unparked: entry.unparked.map(positionOf) };
}
