import type { JsonObject, JsonValue, RecordedEvent } from '../events.js';
import type { Generation } from '../projections/generation.js';
import { applyOperation, type DocumentOperation } from '../projections/document-operations.js';
import type { DeltaStep, DocumentDelta, DocumentWrite, ReadModelStore, StoredDocument } from '../ports/read-model-store.js';
import { comparePositions, maxPosition, type Position } from '../position.js';
import type { DocumentCache } from './document-cache.js';

interface Loaded {
  readonly kind: 'loaded';
  readonly collection: string;
  readonly id: string;
  /** As loaded from the store: decides whether an event was applied already. */
  readonly stored: StoredDocument | undefined;
  body: JsonObject | null;
  position: Position | undefined;
  late: readonly Position[];
  dirty: boolean;
}

/** A document only patched or incremented so far: its changes go to the store without loading it. */
interface Pending {
  readonly kind: 'pending';
  readonly collection: string;
  readonly id: string;
  readonly steps: DeltaStep[];
}

type Entry = Loaded | Pending;

/** Documents as a batch still committing left them, by collection and id (see `DocumentOverlay.carried`). */
export interface CarriedDocuments {
  get(collection: string, id: string): StoredDocument | undefined;
  has(collection: string, id: string): boolean;
}

/**
 * The documents one batch touches, in memory: handlers read them as the earlier events of the
 * batch left them, and the batch writes each one once at the end. A document that handlers
 * only patch or increment, and never read, is not loaded at all where the store can apply
 * such changes in place (deltas).
 *
 * Exactly once: an event is not applied to a document whose stored position is at or past it
 * (a replay after a crash between a non-transactional store's writes and its checkpoint), nor
 * to one that lists it as applied late (a parked event replayed earlier). Delta steps carry
 * their event's position, and the store applies the same rule.
 */
export class DocumentOverlay {
  private readonly entries = new Map<string, Entry>();
  private readonly deltas: boolean;

  /** `carried`: what the batch before this one wrote and has not committed yet; it comes before the cache and the store. */
  constructor(
    private readonly store: ReadModelStore,
    private readonly generation: Generation,
    private readonly cache: DocumentCache | undefined,
    private readonly carriedIn?: CarriedDocuments,
  ) {
    this.deltas = store.capabilities.deltas.includes(generation.projection.target.kind);
  }

  /** Loads the documents not in the overlay yet, one call per collection: for stores where a load is a round trip. */
  async prefetch(wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    for (const [collection, ids] of wanted) {
      const missing = [...ids].filter((id) => !this.entries.has(keyOf(collection, id)) && !this.carriedIn?.has(collection, id) && !this.cache?.has(collection, id));
      if (missing.length === 0) continue;
      const stored = await this.store.load(this.generation, collection, missing);
      for (const id of missing) this.entries.set(keyOf(collection, id), loadedEntry(collection, id, stored.get(id)));
    }
  }

  get(collection: string, id: string): Promise<JsonObject | undefined> {
    const entry = this.entries.get(keyOf(collection, id));
    if (entry?.kind === 'loaded') return Promise.resolve(entry.body ?? undefined);
    return this.loaded(collection, id).then((loaded) => loaded.body ?? undefined);
  }

  /** Applies one event's operations; `late` marks a parked event applied out of `$all` order. */
  async apply(event: RecordedEvent, operations: readonly DocumentOperation[], late: boolean): Promise<void> {
    for (const operation of operations) {
      if (!late && this.deferred(event.position, operation)) continue;
      const known = this.entries.get(keyOf(operation.collection, operation.id));
      const entry = known?.kind === 'loaded' ? known : await this.loaded(operation.collection, operation.id);
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
      if (entry.kind !== 'loaded' || !entry.dirty) continue;
      writes.push({ collection: entry.collection, document: { id: entry.id, body: entry.body, position: entry.position!, late: entry.late } });
    }
    return writes;
  }

  /**
   * Every document this batch loaded or wrote, as it will be stored once the batch commits
   * (absent ones included, as absent), for a next batch handled before that. Only meaningful
   * without deltas, which the store applies to what it holds.
   */
  carried(): CarriedDocuments {
    const documents = new Map<string, StoredDocument | undefined>();
    for (const [key, entry] of this.entries) {
      if (entry.kind !== 'loaded') continue;
      const document = entry.dirty ? { id: entry.id, body: entry.body, position: entry.position!, late: entry.late } : entry.stored;
      documents.set(key, document);
    }
    return {
      get: (collection, id) => documents.get(keyOf(collection, id)),
      has: (collection, id) => documents.has(keyOf(collection, id)),
    };
  }

  pendingDeltas(): DocumentDelta[] {
    const deltas: DocumentDelta[] = [];
    for (const entry of this.entries.values()) {
      if (entry.kind === 'pending') deltas.push({ collection: entry.collection, id: entry.id, steps: entry.steps });
    }
    return deltas;
  }

  /** Records a patch or increment as a delta, if the document need not be loaded for it. */
  private deferred(position: Position, operation: DocumentOperation): boolean {
    if (!this.deltas || (operation.kind !== 'patch' && operation.kind !== 'increment')) return false;
    const key = keyOf(operation.collection, operation.id);
    let entry = this.entries.get(key);
    if (!entry) {
      this.cache?.forget(operation.collection, operation.id);
      entry = { kind: 'pending', collection: operation.collection, id: operation.id, steps: [] };
      this.entries.set(key, entry);
    }
    if (entry.kind !== 'pending') return false;
    let step = entry.steps.at(-1);
    if (!step || comparePositions(step.position, position) !== 0) {
      step = { position, set: {}, increment: {} };
      entry.steps.push(step);
    }
    addToStep(step, operation);
    return true;
  }

  /** The entry with its document loaded; pending deltas are applied to it first, as the store would. */
  private async loaded(collection: string, id: string): Promise<Loaded> {
    const key = keyOf(collection, id);
    const existing = this.entries.get(key);
    if (existing?.kind === 'loaded') return existing;
    const stored = this.carriedIn?.has(collection, id)
      ? this.carriedIn.get(collection, id)
      : (this.cache?.get(collection, id) ?? (await this.store.load(this.generation, collection, [id])).get(id));
    const entry = loadedEntry(collection, id, stored);
    for (const step of existing?.steps ?? []) {
      if (!entry.body || alreadyApplied(stored, step.position, false)) continue;
      entry.body = applyStep(entry.body, step);
      entry.position = entry.position ? maxPosition(entry.position, step.position) : step.position;
      entry.dirty = true;
    }
    this.entries.set(key, entry);
    return entry;
  }
}

function loadedEntry(collection: string, id: string, stored: StoredDocument | undefined): Loaded {
  return { kind: 'loaded', collection, id, stored, body: stored?.body ?? null, position: stored?.position, late: stored?.late ?? [], dirty: false };
}

function addToStep(step: DeltaStep, operation: DocumentOperation): void {
  const set = step.set as Record<string, JsonValue>;
  const increment = step.increment as Record<string, number>;
  if (operation.kind === 'patch') {
    for (const [field, value] of Object.entries(operation.set)) {
      set[field] = value;
      delete increment[field];
    }
  } else if (operation.kind === 'increment') {
    for (const [field, by] of Object.entries(operation.by)) {
      const value = set[field];
      if (field in set) set[field] = (typeof value === 'number' ? value : 0) + by;
      else increment[field] = (increment[field] ?? 0) + by;
    }
  }
}

function applyStep(body: JsonObject, step: DeltaStep): JsonObject {
  const next: Record<string, JsonValue> = { ...body, ...step.set };
  for (const [field, by] of Object.entries(step.increment)) {
    const value = next[field];
    next[field] = (typeof value === 'number' ? value : 0) + by;
  }
  return next;
}

function alreadyApplied(stored: StoredDocument | undefined, position: Position, late: boolean): boolean {
  if (!stored) return false;
  if (late) return stored.late.some((applied) => comparePositions(applied, position) === 0);
  return comparePositions(stored.position, position) >= 0;
}

function keyOf(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
