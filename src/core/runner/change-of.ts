import type { ProjectionChange } from '../ports/change-notifier.js';
import { parkingOf } from '../ports/parking-of.js';
import type { Batch } from '../ports/read-model-store.js';
import type { Generation } from '../projections/generation.js';

/** The notification of a generation's committed batch: what it now covers, what it touched, and what it parked. */
export function changeOf(generation: Generation, batch: Batch): ProjectionChange {
  return {
    projection: generation.projection.name,
    generation: generation.generation,
    ...(generation.partition !== undefined ? { partition: generation.partition } : {}),
    position: batch.checkpoint,
    documentIds: batch.documentIds,
    correlationIds: batch.correlationIds,
    correlations: batch.correlations,
    parking: parkingOf(batch),
  };
}
