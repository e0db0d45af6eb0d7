import type { EventData, RecordedEvent } from '../events.js';
import type { Position } from '../position.js';
import type { IdempotencyRecord } from './idempotency.js';

/** What the writer believes about the stream. A mismatch fails the whole append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
  /**
   * Recorded in the same transaction as the events. If an unexpired record of the same key
   * exists, the append fails with `IdempotencyKeyInUseError` and writes nothing.
   */
  readonly idempotency?: IdempotencyRecord;
}

export interface AppendResult {
  /** The revision of the stream's last event: the expected revision of the next append. */
  readonly nextExpectedRevision: bigint;
  /** The `$all` position of the last event appended. */
  readonly position: Position;
  /**
   * The events as stored, where the adapter has them at hand without another read (the embedded
   * store does); absent for an append that was a repeat and wrote nothing. A caller may fold them
   * instead of reading back what it just wrote.
   */
  readonly recorded?: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to `'start'` forwards and `'end'` backwards. */
  readonly fromRevision?: 'start' | 'end' | bigint;
  readonly maxCount?: number;
}

/**
 * What the command side needs of the event store: read one stream, append to one stream.
 *
 * An adapter must guarantee:
 * - `appendToStream` is atomic: all of the events are written, or none. The expected-revision
 *   check is atomic with the write; a mismatch raises `WrongExpectedRevisionError` carrying the
 *   expected and the actual revision. Re-appending events whose ids the stream already holds, at
 *   the same place, succeeds without writing (idempotent append); a partial overlap raises
 *   `WrongExpectedRevisionError`.
 * - An event whose data and metadata exceed the configured size raises `EventTooLargeError`, and
 *   nothing of that append is written.
 * - An acknowledged append is durable: it survives a crash of the process.
 * - `readStream` of a stream that does not exist returns no events (not an error).
 */
export interface EventStreams {
  appendToStream(stream: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}
