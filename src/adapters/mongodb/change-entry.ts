import type { ObjectId } from 'mongodb';
import type { ProjectionChange } from '../../core/ports/change-notifier.js';
import type { Batch, CorrelatedDocuments } from '../../core/ports/read-model-store.js';
import type { Generation } from '../../core/projections/generation.js';
import { positionOf, storedPosition, type StoredPosition } from './stored-position.js';

/**
 * One committed batch in the shared `changes` collection, for processes that did not commit it.
 * Its `_id` is a sequence number (see ChangeSequence) where readers tail the collection by
 * query (no change streams), and the driver's ObjectId where they follow a change stream; `at`
 * serves pruning.
 */
export interface ChangeEntry {
  _id?: string | ObjectId;
  projection: string;
  generation: number;
  pos: StoredPosition;
  documentIds: string[];
  correlationIds: string[];
  correlations: CorrelatedDocuments[];
  at: Date;
}

/** How long entries are kept: far longer than any reader lags behind, short enough to stay small. */
export const CHANGE_RETENTION_MS = 10 * 60_000;

export function changeEntryOf(generation: Generation, batch: Batch): ChangeEntry {
  return {
    projection: generation.projection.name,
    generation: generation.generation,
    pos: storedPosition(batch.checkpoint),
    documentIds: [...batch.documentIds],
    correlationIds: [...batch.correlationIds],
    correlations: batch.correlations.map((c) => ({ correlationId: c.correlationId, documentIds: [...c.documentIds] })),
    at: new Date(),
  };
}

export function projectionChangeOf(entry: ChangeEntry): ProjectionChange {
  return {
    projection: entry.projection,
    generation: Number(entry.generation),
    position: positionOf(entry.pos),
    documentIds: entry.documentIds,
    correlationIds: entry.correlationIds,
    correlations: entry.correlations,
  };
}
