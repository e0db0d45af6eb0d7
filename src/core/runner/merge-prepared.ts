import type { CorrelatedDocuments, DocumentWrite } from '../ports/read-model-store.js';
import type { PreparedBatch } from './batch-processor.js';
import type { CarriedDocuments } from './document-overlay.js';

/**
 * One batch made of two handled one after the other, `later` from where `earlier` left the
 * documents (its `carried`): what a single batch over both ranges of events would have been.
 * Each document is written once, as `later` left it; the checkpoint is `later`'s, the commit
 * count `earlier`'s. Undefined where they must commit apart: `earlier` stopped or changes
 * documents in place (deltas: it does not carry), or the two were handled under different
 * lease epochs.
 */
export function mergePrepared(earlier: PreparedBatch, later: PreparedBatch): PreparedBatch | undefined {
  const first = earlier.batch;
  if (!first || earlier.stoppedAt || !earlier.carried) return undefined;
  const second = later.batch;
  const stopped = later.stoppedAt ? { stoppedAt: later.stoppedAt } : {};
  if (!second) return { startedAt: earlier.startedAt, batch: first, ...stopped, carried: undefined };
  if (second.deltas.length > 0 || first.epoch !== second.epoch) return undefined;
  const writes = new Map<string, DocumentWrite>();
  for (const write of [...first.writes, ...second.writes]) writes.set(`${write.collection}\u0000${write.document.id}`, write);
  const correlations = new Map<string, Set<string>>();
  for (const { correlationId, documentIds } of [...first.correlations, ...second.correlations]) {
    const ids = correlations.get(correlationId) ?? new Set<string>();
    for (const id of documentIds) ids.add(id);
    correlations.set(correlationId, ids);
  }
  return {
    startedAt: earlier.startedAt,
    batch: {
      ...first,
      writes: [...writes.values()],
      checkpoint: second.checkpoint,
      parked: [...first.parked, ...second.parked],
      unparked: [...first.unparked, ...second.unparked],
      documentIds: [...new Set([...first.documentIds, ...second.documentIds])],
      correlationIds: [...correlations.keys()],
      correlations: [...correlations].map(([correlationId, ids]): CorrelatedDocuments => ({ correlationId, documentIds: [...ids] })),
    },
    ...stopped,
    carried: later.carried && layered(earlier.carried, later.carried),
  };
}

/** Documents as `later` left them, and as `earlier` did where `later` never touched them. */
export function layered(earlier: CarriedDocuments | undefined, later: CarriedDocuments): CarriedDocuments {
  if (!earlier) return later;
  return {
    get: (collection, id) => (later.has(collection, id) ? later.get(collection, id) : earlier.get(collection, id)),
    has: (collection, id) => later.has(collection, id) || earlier.has(collection, id),
  };
}
