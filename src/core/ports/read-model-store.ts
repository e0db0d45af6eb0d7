import type { JsonObject } from '../events.js';
import type { Generation } from '../projections/generation.js';
import type { Position } from '../position.js';

/** A document as stored, with what the runtime needs to apply every event to it exactly once. */
export interface StoredDocument {
  readonly id: string;
  /** Null once deleted: the tombstone keeps its position, so that no replay brings it back. */
  readonly body: JsonObject | null;
  /** The position of the last event applied in `$all` order. */
  readonly position: Position;
  /** Events applied out of order (replayed after being parked): never applied again. */
  readonly late: readonly Position[];
}

export interface DocumentWrite {
  readonly collection: string;
  /** The document after the batch (a tombstone if the batch deleted it). */
  readonly document: StoredDocument;
}

/**
 * Changes to a document the batch never read, for the store to apply in place (a like
 * incrementing a counter need not load the article). One step per event, in order.
 */
export interface DocumentDelta {
  readonly collection: string;
  readonly id: string;
  readonly steps: readonly DeltaStep[];
}

export interface DeltaStep {
  readonly position: Position;
  /** Fields set to these values. */
  readonly set: JsonObject;
  /** Numeric fields raised by these amounts (a missing or non-numeric field counts as 0); never a field of `set`. */
  readonly increment: Readonly<Record<string, number>>;
}

export interface CorrelatedDocuments {
  readonly correlationId: string;
  readonly documentIds: readonly string[];
}

/** How far a generation got, and how many batches it committed (the commit count guards against two writers). */
export interface CheckpointState {
  readonly position: Position | undefined;
  readonly commits: number;
}

export interface ParkedEvent {
  readonly position: Position;
  readonly streamId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: Date;
}

/** What one batch did; stored as one unit with its checkpoint. */
export interface Batch {
  readonly writes: readonly DocumentWrite[];
  /** Only for stores whose capabilities list the projection's target kind in `deltas`. */
  readonly deltas: readonly DocumentDelta[];
  /** Every event handled by the projection at or below it was applied or parked. */
  readonly checkpoint: Position;
  /** The commit count the batch was computed from: the commit fails if another worker committed since. */
  readonly basedOn: number;
  /** The epoch of the writer's lease (see GenerationLeases): the commit fails if the lease moved on. Absent for writers without one (a replay of parked events). */
  readonly epoch?: number;
  readonly parked: readonly ParkedEvent[];
  /** Parked events this batch applied (a replay): no longer parked. */
  readonly unparked: readonly Position[];
  /** For notifications: the documents the batch touched and the correlation ids of its events. */
  readonly documentIds: readonly string[];
  readonly correlationIds: readonly string[];
  /** The documents each correlation id's events touched. */
  readonly correlations: readonly CorrelatedDocuments[];
}

export interface StoreCapabilities {
  /**
   * True when a batch and its checkpoint commit atomically. When false, the store guards every
   * document write by the event position instead, so that a replayed batch changes nothing.
   */
  readonly transactional: boolean;
  /** A sentence for status pages, e.g. "transactions (replica set)". */
  readonly consistency: string;
  /** The target kinds whose batches may carry deltas. */
  readonly deltas: readonly ('documents' | 'search')[];
  /**
   * The target kinds stored on a server, where a load and a commit are round trips: for them the
   * runtime first finds which documents a batch will touch and loads them in one call per
   * collection, and lets another runner handle its batch while one commits.
   */
  readonly remote: readonly ('documents' | 'search')[];
}

/**
 * Where a projection's documents live, with its checkpoint and parked events.
 *
 * An adapter must guarantee:
 * - `commit` stores the batch's documents, checkpoint, parked and unparked events as one unit
 *   (transactional stores), or guards each document write by its position so that replaying a
 *   batch, or applying an older document over a newer one, changes nothing; the checkpoint is
 *   then stored after the documents, and only ever moves forward.
 * - A checkpoint is never visible before the documents it covers can be read (and searched).
 * - `commit` raises `CheckpointMovedError` when the stored commit count is not `basedOn` (another
 *   worker got there first), and `LeaseLostError` when `epoch` is given and the generation's lease
 *   has a newer one; transactional stores change nothing in either case.
 * - Tombstones (documents whose body is null) are kept, and never returned by queries.
 * - A delta step changes a document only if it exists (and is not a tombstone) and its stored
 *   position is below the step's; the document then takes the step's position. A step on a
 *   missing document does nothing.
 * - Documents of one generation never mix with another's.
 * Engine errors surface as `ReadModelStoreError` with the driver error as cause.
 */
export interface ReadModelStore {
  readonly capabilities: StoreCapabilities;
  /** Creates the generation's collections and declared indexes; safe to call again. */
  prepare(generation: Generation): Promise<void>;
  load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>>;
  /**
   * A hint, for remote stores: true when the store knows without a round trip that the
   * generation holds no document yet (it saw it empty and nothing was written to it since). A
   * batch then skips finding out beforehand which documents to load. Wrong answers cost only
   * time: a batch still loads, one at a time, whatever it reads and did not find beforehand.
   */
  knownEmpty?(generation: Generation): boolean;
  commit(generation: Generation, batch: Batch): Promise<void>;
  checkpoint(generation: Generation): Promise<CheckpointState>;
  parked(generation: Generation): Promise<ParkedEvent[]>;
  /**
   * Called once the generation went live in the registry. Stores whose own readers follow an
   * engine-side pointer (an Elasticsearch alias) move it here; others need nothing.
   */
  activate?(generation: Generation): Promise<void>;
  /** Empties the generation: documents, checkpoint and parked events. */
  truncate(generation: Generation): Promise<void>;
  drop(generation: Generation): Promise<void>;
  close(): Promise<void>;
}
