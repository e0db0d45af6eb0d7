import type { CheckpointState } from '../ports/read-model-store.js';
import type { RunnerState, StoppedAt } from './projection-runner.js';

/**
 * What a runner tells about itself, as plain data: a status report can be built from it in the
 * runner's own thread, or after it crossed to another (the projection thread posts these).
 */
export interface RunnerView {
  readonly state: RunnerState;
  readonly checkpoint: CheckpointState;
  readonly lastError: { readonly message: string; readonly at: Date } | undefined;
  readonly stoppedAt: StoppedAt | undefined;
  /** Events applied per second since the runner started. */
  readonly eventsPerSecond: number;
}
