import type { JsonObject, JsonValue } from '../events.js';

/**
 * What a handler asks for, in engine-neutral terms. The runtime applies operations to the
 * documents in memory, in event order, and stores the resulting documents once per batch; so
 * an adapter only ever stores whole documents, and these semantics hold on every engine.
 */
export type DocumentOperation =
  /** Replaces the document, creating it if needed. */
  | { readonly kind: 'put'; readonly collection: string; readonly id: string; readonly document: JsonObject }
  /** Sets these top-level fields. Nothing happens if the document does not exist. */
  | { readonly kind: 'patch'; readonly collection: string; readonly id: string; readonly set: JsonObject }
  /** Adds to numeric fields (a missing field counts as 0). Nothing happens if the document does not exist. */
  | { readonly kind: 'increment'; readonly collection: string; readonly id: string; readonly by: Readonly<Record<string, number>> }
  | { readonly kind: 'delete'; readonly collection: string; readonly id: string };

/** Operations on one collection, for handlers: `orders.put(id, view)`. */
export interface CollectionOperations {
  readonly name: string;
  put(id: string, document: JsonObject): DocumentOperation;
  patch(id: string, set: JsonObject): DocumentOperation;
  increment(id: string, by: Readonly<Record<string, number>>): DocumentOperation;
  delete(id: string): DocumentOperation;
}

export function collection(name: string): CollectionOperations {
  return {
    name,
    put: (id, document) => ({ kind: 'put', collection: name, id, document }),
    patch: (id, set) => ({ kind: 'patch', collection: name, id, set }),
    increment: (id, by) => ({ kind: 'increment', collection: name, id, by }),
    delete: (id) => ({ kind: 'delete', collection: name, id }),
  };
}

/** The document after the operation; undefined when it does not exist (or no longer does). */
export function applyOperation(current: JsonObject | undefined, operation: DocumentOperation): JsonObject | undefined {
  switch (operation.kind) {
    case 'put':
      return operation.document;
    case 'patch':
      return current && { ...current, ...operation.set };
    case 'increment': {
      if (!current) return undefined;
      const next: Record<string, JsonValue> = { ...current };
      for (const [field, by] of Object.entries(operation.by)) {
        const value = next[field];
        next[field] = (typeof value === 'number' ? value : 0) + by;
      }
      return next;
    }
    case 'delete':
      return undefined;
  }
}
