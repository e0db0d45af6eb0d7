import type { Position } from '../position.js';
import type { CorrelatedDocuments, ParkedEvent } from './read-model-store.js';

/** A projection's generation committed a batch: what it now covers, and what it touched. */
export interface ProjectionChange {
  readonly projection: string;
  readonly generation: number;
  /** The partition that committed, for a partitioned projection (see Generation.partition); its checkpoint is its own. */
  readonly partition?: number;
  readonly position: Position;
  readonly documentIds: readonly string[];
  readonly correlationIds: readonly string[];
  /** The documents each correlation id's events touched. */
  readonly correlations: readonly CorrelatedDocuments[];
  /**
   * What the batch did to the generation's parked events, so that a listener can follow them
   * without reading the store on every change (the consistency waiter). Absent when unknown: a
   * change logged by a version that did not record it. See `parkingOf`.
   */
  readonly parking?: Parking;
}

/** The parked events one batch added and removed, and where the batch stands among its generation's commits. */
export interface Parking {
  /**
   * The generation's commit count once the batch committed (see CheckpointState): a listener
   * that read the parked events at some count skips the changes up to it, and knows it missed
   * one when the count jumps.
   */
  readonly commits: number;
  /** Events the batch parked, or parked again with a new error (a replay). */
  readonly parked: readonly ParkedEvent[];
  /** Parked events the batch applied (a replay): no longer parked. */
  readonly unparked: readonly Position[];
}

/**
 * Tells listeners, in this process, that projections moved. Runners in this process publish
 * directly; runners in other processes reach it through their store's change log. Listeners
 * must be quick: they run inside `publish`.
 */
export interface ChangeNotifier {
  publish(change: ProjectionChange): void;
  subscribe(listener: (change: ProjectionChange) => void): () => void;
}
