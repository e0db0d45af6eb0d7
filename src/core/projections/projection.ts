import type { JsonObject, JsonValue, RecordedEvent } from '../events.js';
import type { DocumentOperation } from './document-operations.js';

/** A field of a document, for indexes, filters and sorting: a top-level key. */
export interface IndexSpec {
  readonly fields: readonly string[];
}

export interface DocumentCollectionSpec {
  /** Equality, range and sort queries on these fields are served by an index, in this order. */
  readonly indexes?: readonly IndexSpec[];
}

/** A projection whose documents are queried by id, equality, range and sort (MongoDB, SQLite). */
export interface DocumentsTarget {
  readonly kind: 'documents';
  readonly collections: Readonly<Record<string, DocumentCollectionSpec>>;
}

export type SearchField =
  | { readonly type: 'text'; readonly boost?: number }
  | { readonly type: 'keyword'; readonly filterable?: boolean }
  | { readonly type: 'number'; readonly filterable?: boolean; readonly sortable?: boolean }
  | { readonly type: 'date'; readonly sortable?: boolean };

/** A projection whose documents are found by full-text search (Elasticsearch, SQLite FTS5). */
export interface SearchTarget {
  readonly kind: 'search';
  /** Its one collection of searchable documents. */
  readonly collection: string;
  readonly fields: Readonly<Record<string, SearchField>>;
}

export type ProjectionTarget = DocumentsTarget | SearchTarget;

/** Reads a document of the projection's own, as it stands after the earlier events of the batch. */
export interface HandlerContext {
  get(collection: string, id: string): Promise<JsonObject | undefined>;
}

export type HandlerResult = DocumentOperation | readonly DocumentOperation[] | void;

export type Handler<Data extends JsonValue = never> = (
  event: RecordedEvent<Data>,
  context: HandlerContext,
) => HandlerResult | Promise<HandlerResult>;

/** What happens when a handler keeps failing on an event. */
export interface FailurePolicy {
  /** Attempts, the first included, before the event is given up on. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; it doubles for each one after. */
  readonly backoffMs: number;
  /** `park`: set the event (and its stream's later events) aside and go on. `stop`: stop the projection. */
  readonly onExhausted: 'park' | 'stop';
}

export const DEFAULT_FAILURE_POLICY: FailurePolicy = Object.freeze({ maxAttempts: 3, backoffMs: 50, onExhausted: 'park' });

/**
 * A read model: a name, a version (a new version is rebuilt from zero beside the old one,
 * then switched in), where its documents go, and a plain function per event type it handles.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly target: ProjectionTarget;
  /** Each handler declares the shape of its own event; `never` accepts them all. */
  readonly handlers: Readonly<Record<string, Handler<never>>>;
  readonly failurePolicy?: FailurePolicy;
  /**
   * Splits the projection's work into this many partitions (default 1: not split), for a read
   * model too heavy for one worker. Events are split by a stable hash of their stream (see
   * partitionOf); each partition has its own checkpoint and lease, and partitions spread over
   * workers like generations do. Only for projections whose documents are each written from one
   * stream: a handler must never touch a document that another stream's events write, since
   * that stream may be handled by another partition, at another pace. Changing the count needs a
   * new version (a rebuild): the partitions' checkpoints are kept by their number.
   */
  readonly partitions?: number;
}

export function eventTypesOf(projection: Projection): string[] {
  return Object.keys(projection.handlers);
}

export function collectionsOf(projection: Projection): string[] {
  return projection.target.kind === 'documents' ? Object.keys(projection.target.collections) : [projection.target.collection];
}

/** Every projection name must be a plain identifier: it becomes part of table, collection and index names. */
export function checkProjection(projection: Projection): void {
  if (!/^[A-Za-z][A-Za-z0-9]{0,47}$/.test(projection.name)) throw new Error(`projection name "${projection.name}" must be letters and digits`);
  if (!Number.isInteger(projection.version) || projection.version < 1) throw new Error(`projection ${projection.name}: version must be a positive integer`);
  for (const name of collectionsOf(projection)) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,47}$/.test(name)) throw new Error(`projection ${projection.name}: collection "${name}" must be letters and digits`);
  }
  if (eventTypesOf(projection).length === 0) throw new Error(`projection ${projection.name} handles no events`);
  const partitions = projection.partitions ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 64) throw new Error(`projection ${projection.name}: partitions must be an integer from 1 to 64`);
}
