/** How a runner batches and follows events; from the `projections.*` settings. */
export interface RunnerOptions {
  /** Most events in one live batch. */
  readonly batchSize: number;
  /** Most events in one batch while catching up (rebuilds): larger batches merge more writes. */
  readonly catchUpBatchSize: number;
  /** How long a live batch waits for more events after its first; 0 takes only what is there. */
  readonly batchWaitMs: number;
  /**
   * How live events arrive: through a persistent subscription group per generation (workers
   * fail over through it), or a catch-up subscription (one process).
   */
  readonly live: 'persistent' | 'subscription';
}
