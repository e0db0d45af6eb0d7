import type { Position } from '../position.js';
import type { CorrelatedDocuments } from './read-model-store.js';

/** A projection's generation committed a batch: what it now covers, and what it touched. */
export interface ProjectionChange {
  readonly projection: string;
  readonly generation: number;
  readonly position: Position;
  readonly documentIds: readonly string[];
  readonly correlationIds: readonly string[];
  /** The documents each correlation id's events touched. */
  readonly correlations: readonly CorrelatedDocuments[];
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
