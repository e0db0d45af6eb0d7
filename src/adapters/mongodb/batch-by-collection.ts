import type { Batch, DocumentDelta, StoredDocument } from '../../core/ports/read-model-store.js';

export interface CollectionPart {
  readonly writes: StoredDocument[];
  readonly deltas: DocumentDelta[];
}

/** The batch's whole-document writes and deltas, collection by collection. */
export function batchByCollection(batch: Batch): Map<string, CollectionPart> {
  const parts = new Map<string, CollectionPart>();
  const partOf = (collection: string) => {
    let part = parts.get(collection);
    if (!part) {
      part = { writes: [], deltas: [] };
      parts.set(collection, part);
    }
    return part;
  };
  for (const write of batch.writes) partOf(write.collection).writes.push(write.document);
  for (const delta of batch.deltas) partOf(delta.collection).deltas.push(delta);
  return parts;
}
