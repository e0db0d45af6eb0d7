import type { KurrentDBClient, ReadStreamOptions } from '@kurrent/kurrentdb-client';
import { ErrorType } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../../core/events.js';
import { recordedEventOf } from './recorded-event-of.js';

/**
 * A stream's events, as the port reads them: none for a stream that does not exist (the client
 * throws `StreamNotFoundError`). With `resolveLinkTos`, links are read as the events they point to.
 */
export async function readStreamEvents(client: KurrentDBClient, stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(stream, options)) {
      if (resolved.event) events.push(recordedEventOf(resolved.event, resolved.commitPosition));
    }
  } catch (error) {
    if ((error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) return [];
    throw error;
  }
  return events;
}
