import type { JsonObject } from '../../core/events.js';
import type { StoredDocument } from '../../core/ports/read-model-store.js';
import { positionOf, type StoredPosition } from './stored-position.js';

/**
 * A document as stored in a generation's collection. `body` is null for a tombstone, kept so
 * that no replay brings the document back; `pos` guards every write; `late` lists the parked
 * events applied out of order.
 */
export interface DocumentRecord {
  _id: string;
  body: JsonObject | null;
  pos: StoredPosition;
  late: StoredPosition[];
}

export function storedDocumentOf(record: DocumentRecord): StoredDocument {
  return { id: record._id, body: record.body, position: positionOf(record.pos), late: (record.late ?? []).map(positionOf) };
}
