import type { JsonObject, RecordedEvent } from '../events.js';
import type { Generation } from '../projections/generation.js';
import { applyOperation, type DocumentOperation } from '../projections/document-operations.js';
import type { DocumentWrite, ReadModelStore, StoredDocument } from '../ports/read-model-store.js';
import { comparePositions, maxPosition, type Position } from '../position.js';

interface Entry {
  readonly collection: string;
  readonly id: string;
  /** As loaded from the store: decides whether an event was applied already. */
  readonly stored: StoredDocument | undefined;
  body: JsonObject | null;
  position: Position | undefined;
  late: readonly Position[];
  dirty: boolean;
}

/**
 * The documents one batch touches, in memory: handlers read them as the earlier events of the
 * batch left them, and the batch writes each one once at the end.
 *
 * Exactly once: an event is not applied to a document whose stored position is at or past it
 * (a replay after a crash between a non-transactional store's writes and its checkpoint), nor
 * to one that lists it as applied late (a parked event replayed earlier).
 */
export class DocumentOverlay {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: ReadModelStore,
    private readonly generation: Generation,
  ) {}

  async get(collection: string, id: string): Promise<JsonObject | undefined> {
    return (await this.entry(collection, id)).body ?? undefined;
  }

  /** Applies one event's operations; `late` marks a parked event applied out of `$all` order. */
  async apply(event: RecordedEvent, operations: readonly DocumentOperation[], late: boolean): Promise<void> {
    for (const operation of operations) {
      const entry = await this.entry(operation.collection, operation.id);
      if (alreadyApplied(entry.stored, event.position, late)) continue;
      const before = entry.body;
      const after = applyOperation(before ?? undefined, operation) ?? null;
      if (after === before) continue;
      entry.body = after;
      entry.position = entry.position ? maxPosition(entry.position, event.position) : event.position;
      if (late) entry.late = [...entry.late, event.position];
      entry.dirty = true;
    }
  }

  writes(): DocumentWrite[] {
    const writes: DocumentWrite[] = [];
    for (const entry of this.entries.values()) {
      if (!entry.dirty) continue;
      writes.push({ collection: entry.collection, document: { id: entry.id, body: entry.body, position: entry.position!, late: entry.late } });
    }
    return writes;
  }

  private async entry(collection: string, id: string): Promise<Entry> {
    const key = `${collection}\u0000${id}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const stored = (await this.store.load(this.generation, collection, [id])).get(id);
      entry = { collection, id, stored, body: stored?.body ?? null, position: stored?.position, late: stored?.late ?? [], dirty: false };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function alreadyApplied(stored: StoredDocument | undefined, position: Position, late: boolean): boolean {
  if (!stored) return false;
  if (late) return stored.late.some((applied) => comparePositions(applied, position) === 0);
  return comparePositions(stored.position, position) >= 0;
}
