import type { JsonObject, RecordedEvent } from '../../src/core/events.js';
import { position } from '../../src/core/position.js';

export interface EventParts {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  /** One-based, as Emmett numbers a stream's events. */
  readonly streamPosition: bigint;
  readonly globalPosition: bigint;
  readonly data: Record<string, unknown>;
}

/**
 * Emmett's read events carry no time (its batch query does not select `created`), and no
 * handler of ours reads one: every event gets the same, so that both sides of the comparison
 * in `emmett-verify.ts` see the same events. Likewise no metadata: the workload has none.
 */
const NO_TIME = new Date(0);

/**
 * An event as our handlers receive it, from what Emmett's consumer gives a projection (or the
 * verification gives its in-memory run). The event's data is JSON already: Emmett parsed it.
 */
export function recordedEvent(event: EventParts): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    streamId: event.stream,
    revision: event.streamPosition - 1n,
    position: position(event.globalPosition),
    data: event.data as JsonObject,
    metadata: {},
    created: NO_TIME,
  };
}
