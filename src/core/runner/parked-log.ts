import { CAUSATION_ID, correlationIdOf, type RecordedEvent } from '../events.js';
import type { Log } from '../log.js';
import type { ParkedEvent } from '../ports/read-model-store.js';
import { comparePositions, formatPosition } from '../position.js';

/** An event's fields on a log line: where it is, and the conversation it belongs to (its correlation and causation ids). */
export function eventLogFields(event: RecordedEvent): Record<string, unknown> {
  const causationId = event.metadata[CAUSATION_ID];
  return {
    eventId: event.id,
    eventType: event.type,
    stream: event.streamId,
    position: formatPosition(event.position),
    correlationId: correlationIdOf(event),
    causationId: typeof causationId === 'string' ? causationId : undefined,
  };
}

/** One warning per event a batch set aside, so that it can be found from the request that wrote it. */
export function logParked(log: Log, events: readonly RecordedEvent[], parked: readonly ParkedEvent[]): void {
  for (const record of parked) {
    const event = events.find((candidate) => comparePositions(candidate.position, record.position) === 0);
    if (event) log.warn({ ...eventLogFields(event), error: record.error, attempts: record.attempts }, 'parked an event: its handler kept failing, or an earlier event of its stream is parked');
  }
}
