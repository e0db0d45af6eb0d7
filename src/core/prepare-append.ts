import { randomUUID } from 'node:crypto';
import type { EventData } from './events.js';
import { EventTooLargeError, InvalidAppendError } from './ports/event-store-errors.js';

export interface PreparedEvent {
  readonly id: string;
  /** False when the id was generated here: such an event cannot be a repeat of an earlier append. */
  readonly idGiven: boolean;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Checks an append before anything is written, and serialises its events once: adapters store
 * the JSON text as it is. Every problem raises before the store is touched.
 */
export function prepareAppend(stream: string, events: readonly EventData[], maxEventBytes: number): PreparedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) throw new InvalidAppendError(String(stream), 'the stream name is empty');
  if (!isText(stream)) throw new InvalidAppendError(stream, 'the stream name holds a NUL or a lone surrogate');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(stream, 'there are no events');
  const seen = new Set<string>();
  return events.map((event) => {
    if (typeof event?.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(stream, 'an event has no type');
    if (!isText(event.type)) throw new InvalidAppendError(stream, 'an event type holds a NUL or a lone surrogate');
    if (event.id !== undefined && !isUuid(event.id)) throw new InvalidAppendError(stream, `event id "${String(event.id)}" is not a uuid`);
    const id = (event.id ?? randomUUID()).toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(stream, `event id ${id} appears twice in one append`);
    seen.add(id);
    const data = serialise(stream, event.type, 'data', event.data);
    const metadata = serialise(stream, event.type, 'metadata', event.metadata ?? {});
    const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (size > maxEventBytes) throw new EventTooLargeError(stream, event.type, size, maxEventBytes);
    return { id, idGiven: event.id !== undefined, type: event.type, data, metadata };
  });
}

/** Text every engine can store as a name: no NUL (PostgreSQL refuses it) and no lone surrogate (not UTF-8). */
function isText(value: string): boolean {
  return !/\u0000|\p{Cs}/u.test(value);
}

function serialise(stream: string, type: string, part: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(stream, `the ${part} of ${type} is not JSON: ${(error as Error).message}`);
  }
  if (text === undefined) throw new InvalidAppendError(stream, `the ${part} of ${type} is not JSON`);
  if (part === 'metadata' && !text.startsWith('{')) throw new InvalidAppendError(stream, `the metadata of ${type} is not an object`);
  return text;
}
