import type { Request, Response } from 'express';
import type { WriteReceipt } from '../core/consistency/write-receipt.js';
import type { ConsistencyWaiter, Visibility } from '../core/consistency/consistency-waiter.js';
import type { Projection } from '../core/projections/projection.js';
import type { BoundQuery } from '../queries/query.js';
import { formatPosition } from '../core/position.js';
import { HttpProblem, sendProblem } from './problem-details.js';
import type { WriteReceipts } from './write-receipts.js';
import { flag, text } from './validation/query.js';
import { described } from './validation/schema.js';
import { TOKEN_ALPHABET } from './consistency-token.js';

/** The query parameters every read accepts, to wait for a write. */
export const consistencyParameters = {
  consistentWith: described(text({ max: 4_096 }), 'The token a write answered: the read answers once that write is visible in it (or X-Consistent-With).', {
    pattern: TOKEN_ALPHABET.source,
  }),
  correlation: described(text({ max: 128 }), 'The correlation id of a write: the read answers once the latest write of that id is visible in it.'),
  wait: described(flag(), 'true: wait until the write is visible (408 after the timeout); otherwise answer 202 PROCESSING while it is not.'),
};

/** Told how each wait for a write ended, and how long it took (metrics). */
export interface WaitMeter {
  observeWait(visibility: Visibility, seconds: number, aborted?: boolean): void;
}

export interface ConsistencyDependencies {
  readonly waiter: ConsistencyWaiter;
  readonly meter: WaitMeter;
  readonly receipts: WriteReceipts;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
}

/** The write a read must see: from `consistentWith` or `X-Consistent-With` (a token), or `correlation`. */
export async function receiptOf(
  req: Request,
  query: { consistentWith?: string; correlation?: string },
  receipts: WriteReceipts,
): Promise<WriteReceipt | undefined> {
  const token = query.consistentWith ?? req.get('x-consistent-with');
  if (token !== undefined) return receipts.fromToken(token);
  if (query.correlation === undefined) return undefined;
  return receipts.fromCorrelation(query.correlation);
}

/**
 * Answers a read that may have to wait for a write (seed exercise 4): `200` with the document
 * once the write is visible; without `wait`, `202 PROCESSING` with Retry-After until then;
 * with `wait=true`, `408` after the timeout. `404` only once the write is visible. A write one
 * of whose events a projection parked ends the wait at once with a problem naming it.
 */
export async function consistentRead(
  req: Request,
  res: Response,
  deps: ConsistencyDependencies,
  parameters: { consistentWith?: string; correlation?: string; wait?: boolean },
  read: BoundQuery<unknown>,
  notFound: string,
): Promise<void> {
  const receipt = await receiptOf(req, parameters, deps.receipts);
  if (receipt) {
    const visibility = parameters.wait ? await timedWait(deps, read.projections, receipt) : await deps.waiter.check(read.projections, receipt);
    if (visibility.state !== 'visible') return notVisible(res, deps, visibility, parameters.wait === true);
  }
  const result = await read.run();
  if (result === undefined) return sendProblem(res, { status: 404, title: 'Not Found', detail: notFound });
  res.json(result);
}

/** Waits for a write (`waitFor`), and tells the meter how the wait ended. */
export async function timedWait(deps: ConsistencyDependencies, projections: readonly Projection[], receipt: WriteReceipt, timeoutMs = deps.timeoutMs, signal?: AbortSignal): Promise<Visibility> {
  const started = performance.now();
  const visibility = await deps.waiter.waitFor(projections, receipt, timeoutMs, signal);
  deps.meter.observeWait(visibility, (performance.now() - started) / 1000, signal?.aborted ?? false);
  return visibility;
}

function notVisible(res: Response, deps: ConsistencyDependencies, visibility: Exclude<Visibility, { state: 'visible' }>, waited: boolean): void {
  if (visibility.state === 'parked') throw parkedProblem(visibility);
  res.set('Retry-After', String(deps.retryAfterSeconds));
  if (waited) {
    return sendProblem(res, {
      status: 408,
      title: 'Request Timeout',
      detail: `the write is not visible yet in ${visibility.waitingFor.join(', ')}`,
      error: 'Timeout',
      message: 'The write is being processed, please try again',
      retryAfter: deps.retryAfterSeconds,
    });
  }
  res.status(202).json({ status: 'PROCESSING', message: `waiting for ${visibility.waitingFor.join(', ')}`, retryAfter: deps.retryAfterSeconds });
}

export function parkedProblem(visibility: Extract<Visibility, { state: 'parked' }>): HttpProblem {
  const { event } = visibility;
  return new HttpProblem({
    status: 500,
    title: 'Projection Failed',
    detail: `${visibility.projection} set aside ${event.eventType} at ${formatPosition(event.position)} of ${event.streamId}: ${event.error}; it will show once the event is replayed`,
    projection: visibility.projection,
    parkedEvent: { id: event.eventId, type: event.eventType, stream: event.streamId, position: formatPosition(event.position), error: event.error },
  });
}
