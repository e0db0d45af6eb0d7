import type pg from 'pg';
import type { PreparedEvent } from '../../core/prepare-append.js';
import type { AppendResult, ExpectedRevision } from '../../core/ports/event-store.js';
import {
  EventStoreUnavailableError,
  IdempotencyKeyInUseError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../../core/ports/event-store-errors.js';
import type { IdempotencyRecord } from '../../core/ports/idempotency.js';
import { position } from '../../core/position.js';

export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly PreparedEvent[];
  readonly expected: ExpectedRevision;
  readonly idempotency: IdempotencyRecord | undefined;
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly next: string; readonly tx: string; readonly pos: string }
  | { readonly error: 'wrong_expected_revision'; readonly actual: string }
  | { readonly error: 'idempotency_key_in_use' }
  | { readonly error: 'failed'; readonly sqlstate: string; readonly message: string; readonly constraint: string | null };

const MAX_BATCH = 256;

/**
 * Group commit: appends that arrive while a batch is being written wait, and go together in
 * the next one, a single call of `pj_append_batch` (see append-functions-sql.ts): one round
 * trip and one durable commit for all of them. At most `writers` batches are in flight at once.
 * Appends are ordered by stream within a batch (keeping arrival order per stream), so that two
 * batches lock streams in the same order and cannot deadlock.
 */
export class PostgresGroupCommit {
  /** Batches written and appends they carried: how well group commit groups. */
  readonly stats = { batches: 0, appends: 0 };
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly writers: number,
    /** Called after each batch that wrote something. */
    private readonly afterCommit: () => void,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.writers || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.writers || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH).sort((a, b) => (a.request.stream < b.request.stream ? -1 : a.request.stream > b.request.stream ? 1 : 0));
    this.inFlight += 1;
    this.schedule();
    try {
      const now = Date.now();
      const payload = `[${batch.map(({ request }) => batchEntry(request, now)).join(',')}]`;
      const { rows } = await this.pool.query<{ r: Outcome[] }>('SELECT pj_append_batch($1::jsonb, $2) AS r', [payload, this.channel]);
      const outcomes = rows[0]!.r;
      this.stats.batches += 1;
      this.stats.appends += batch.length;
      if (outcomes.some((outcome) => !('error' in outcome))) this.afterCommit();
      batch.forEach((pending, index) => settle(pending, outcomes[index]!));
    } catch (cause) {
      const error = new EventStoreUnavailableError('appendToStream', cause);
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }
}

function batchEntry(request: AppendRequest, now: number): string {
  const { stream, events, expected, idempotency } = request;
  return JSON.stringify({
    s: stream,
    x: typeof expected === 'bigint' ? expected.toString() : expected,
    g: events[0]!.idGiven,
    now,
    e: events.map((event) => ({ i: event.id, t: event.type, d: event.data, m: event.metadata })),
    k: idempotency
      ? { key: idempotency.key, fp: idempotency.fingerprint, out: JSON.stringify(idempotency.outcome), exp: idempotency.expiresAt.getTime(), types: events.map((e) => e.type) }
      : null,
  });
}

function settle({ request, resolve, reject }: Pending, outcome: Outcome): void {
  if (!('error' in outcome)) {
    resolve({ nextExpectedRevision: BigInt(outcome.next), position: position(BigInt(outcome.tx), BigInt(outcome.pos)) });
  } else if (outcome.error === 'wrong_expected_revision') {
    reject(new WrongExpectedRevisionError(request.stream, request.expected, outcome.actual === 'no_stream' ? 'no_stream' : BigInt(outcome.actual)));
  } else if (outcome.error === 'idempotency_key_in_use') {
    reject(new IdempotencyKeyInUseError(request.idempotency!.key));
  } else if (outcome.sqlstate === '23505' && outcome.constraint === 'events_by_stream_event_id') {
    reject(new InvalidAppendError(request.stream, 'an event id is already in the stream at another place'));
  } else if (outcome.sqlstate.startsWith('22')) {
    // Data exceptions: JSON that JSONB refuses (a NUL character, a lone surrogate), a bad uuid.
    reject(new InvalidAppendError(request.stream, `PostgreSQL refused the events: ${outcome.message}`));
  } else {
    reject(new EventStoreUnavailableError('appendToStream', new Error(`${outcome.sqlstate}: ${outcome.message}`)));
  }
}
