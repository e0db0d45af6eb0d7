import type { WriteReceipt } from '../../core/consistency/write-receipt.js';
import type { RecordedIdempotency } from '../../core/ports/idempotency.js';
import type { EventStore } from '../../core/ports/event-store.js';
import { HttpProblem } from '../problem-details.js';

/** What a command's answer is made of: the entity's id, the conversation, and its write. */
export interface Answer {
  readonly id: string;
  readonly correlationId: string;
  readonly receipt: WriteReceipt;
}

/**
 * Requests sent with an `Idempotency-Key`. The first one with a key runs, and its key is
 * recorded with its append; any later one with that key (after a dropped connection, a crash,
 * a restart, or on another API process) is answered from the record and appends nothing.
 * Inside one process, a request arriving while the first with its key still runs waits for it;
 * across processes the store decides (only one append can record the key), and the loser answers
 * from the winner's record.
 */
export class IdempotentRequests {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Pick<EventStore, 'findIdempotency'>) {}

  async run(key: string, fingerprint: string, first: () => Promise<Answer>): Promise<{ answer: Answer; replayed: boolean }> {
    for (let earlier = this.running.get(key); earlier; earlier = this.running.get(key)) await earlier.catch(() => undefined);
    const recorded = await this.store.findIdempotency(key);
    if (recorded) return { answer: replay(recorded, fingerprint), replayed: true };
    const running = first();
    this.running.set(key, running);
    try {
      return { answer: await running, replayed: false };
    } catch (error) {
      const winner = await this.store.findIdempotency(key);
      if (winner) return { answer: replay(winner, fingerprint), replayed: true };
      throw error;
    } finally {
      if (this.running.get(key) === running) this.running.delete(key);
    }
  }
}

function replay(recorded: RecordedIdempotency, fingerprint: string): Answer {
  if (recorded.fingerprint !== fingerprint) {
    throw new HttpProblem({
      status: 422,
      title: 'Unprocessable Content',
      detail: 'this Idempotency-Key was used with a different request (method, path or body); use a new key for a new request',
      field: 'Idempotency-Key',
    });
  }
  const { id, correlationId } = recorded.outcome as { id: string; correlationId: string };
  return { id, correlationId, receipt: { position: recorded.position, eventTypes: recorded.eventTypes, stream: recorded.stream } };
}
