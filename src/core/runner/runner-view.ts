import type { CheckpointState } from '../ports/read-model-store.js';
import type { RecordedEvent } from '../events.js';

/** `standby`: another worker holds the generation's lease; this runner takes over when it runs out. */
export type RunnerState = 'starting' | 'standby' | 'catching_up' | 'live' | 'stopped' | 'failed' | 'closed';

/** Why a runner stopped on its own: its policy says stop, and this event kept failing. */
export interface StoppedAt {
  readonly event: RecordedEvent;
  readonly error: string;
}

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
