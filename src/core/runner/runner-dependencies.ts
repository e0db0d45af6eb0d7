import type { Log } from '../log.js';
import type { AllEvents } from '../ports/all-events.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { GenerationLeases } from '../ports/generation-leases.js';
import type { PersistentSubscriptions } from '../ports/persistent-subscriptions.js';
import type { ReadModelStore } from '../ports/read-model-store.js';
import type { CatchUpGate } from './catch-up-gate.js';
import type { LeaseShare } from './lease-share.js';
import type { RunnerMeter } from './runner-meter.js';

/** What a projection runner works with. */
export interface RunnerDependencies {
  /** `$all`, and the subscription groups live events come through. */
  readonly eventStore: AllEvents & { readonly persistentSubscriptions: PersistentSubscriptions };
  readonly readModels: ReadModelStore;
  readonly notifier: ChangeNotifier;
  /** Shared by the runners of a process, so that they catch up one batch at a time. */
  readonly catchUpGate?: CatchUpGate;
  /** Who writes each generation: with them, a runner writes only while it holds its generation's lease, as `owner`. */
  readonly lease?: { readonly leases: GenerationLeases; readonly owner: string; readonly ttlMs: number; readonly share?: LeaseShare };
  /** Where failures, parked events and lease changes are told; stderr when absent. */
  readonly log?: Log;
  /** Counts events and times batches, for metrics. */
  readonly meter?: RunnerMeter;
}
