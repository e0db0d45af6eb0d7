import type { JsonValue } from '../../src/core/events.js';
import type { EntityPool } from './entity-pool.js';

/** An event a write must have appended: its type, and fields its data must carry. */
export interface ExpectedEvent {
  readonly type: string;
  readonly data: Record<string, JsonValue>;
}

/** One write to send, and what it must have appended once the API accepted it. */
export interface PlannedCommand {
  readonly kind: string;
  readonly method: 'POST' | 'PATCH';
  readonly path: string;
  readonly body: Record<string, JsonValue>;
  /** The field of the 202 body that carries the id. */
  readonly idKey: string;
  /** 422 for a write the domain must refuse (a second like by the same user), 202 for the others. */
  readonly expectedStatus: 202 | 422;
  readonly expected: (id: string) => ExpectedEvent[];
  /** The read that shows the write (its `self` link), and the field of that read's body naming the id. */
  readonly readPath: (id: string) => string;
  readonly readIdKey: string | undefined;
  /** Puts what an accepted write created into the pool, for later commands to refer to. */
  readonly remember: (id: string, pool: EntityPool) => void;
}
