import type { Generation } from '../projections/generation.js';

/** What one committed batch did, for metrics. */
export interface BatchMeasure {
  /** Events the batch applied (parked ones included: they were handled, by being set aside). */
  readonly events: number;
  /** Events the batch parked. */
  readonly parked: number;
  /** From reading the batch's events to its commit. */
  readonly seconds: number;
}

/**
 * Counts what runners do, for an operator's metrics. Called on the runner's thread after each
 * commit; it must not throw nor wait. Lag and parked totals are read from the stores where
 * they are scraped, not counted here.
 */
export interface RunnerMeter {
  batchCommitted(generation: Generation, measure: BatchMeasure): void;
}
