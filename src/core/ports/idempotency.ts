import type { JsonObject } from '../events.js';
import type { Position } from '../position.js';

/**
 * A request's idempotency key, recorded with the append it caused (the IETF `Idempotency-Key`
 * draft): a retry of the same request finds it and answers as the first did, appending nothing.
 */
export interface IdempotencyRecord {
  readonly key: string;
  /** Identifies the request (method, route, body): the same key with another request is refused. */
  readonly fingerprint: string;
  /** What the first answer was made of, besides the append itself (the entity id, the correlation id). */
  readonly outcome: JsonObject;
  /** After this, the key is forgotten and may be used again. */
  readonly expiresAt: Date;
}

/** A key as the store recorded it, with the append it was recorded with. */
export interface RecordedIdempotency extends IdempotencyRecord {
  readonly stream: string;
  /** The `$all` position of the append's last event. */
  readonly position: Position;
  readonly eventTypes: readonly string[];
}
