import type { RecordedEvent } from '../events.js';
import type { EventTypeFilter } from '../ports/event-type-filter.js';
import type { Generation } from '../projections/generation.js';
import type { Position } from '../position.js';
import type { RunnerOptions } from './runner-options.js';

/** What a live mode drives: the runner of one generation, once it has caught up. */
export interface LiveTarget {
  readonly generation: Generation;
  readonly filter: EventTypeFilter;
  readonly options: RunnerOptions;
  /** The position the generation's read model is at. */
  position(): Position | undefined;
  /** True once the runner is closing: the live mode returns. */
  stopping(): boolean;
  /** Settles when the runner is interrupted (closing): a wait for events must end. */
  interruption(): Promise<void>;
  /** Applies events in order and moves the checkpoint to `checkpoint` (which may lie past the last event). */
  apply(events: RecordedEvent[], checkpoint: Position): Promise<void>;
  /** Applies every event of the projection after the checkpoint up to `last`, read from `$all`. */
  applyUpTo(last: Position): Promise<void>;
  /** The subscription the live mode holds, closed with the runner. */
  holding(subscription: { close(): Promise<void> }): void;
}
