import type { RecordedEvent } from '../../src/core/events.js';
import type { DocumentOperation } from '../../src/core/projections/document-operations.js';
import type { HandlerContext, Projection } from '../../src/core/projections/projection.js';

/**
 * The operations a projection's handler asks for on an event, in order; none when it does not
 * handle the event. Unlike our runner, no retry: a failure throws, and fails the benchmark.
 */
export async function handlerOperations(projection: Projection, event: RecordedEvent, context: HandlerContext): Promise<readonly DocumentOperation[]> {
  const handler = projection.handlers[event.type];
  if (!handler) return [];
  // Each handler declares its own event's shape; the event type picked it, as in our runner.
  const result = await handler(event as RecordedEvent<never>, context);
  if (result === undefined) return [];
  return Array.isArray(result) ? result : [result as DocumentOperation];
}
