import { Router } from 'express';
import type { Projection } from '../../core/projections/projection.js';
import { formatPosition } from '../../core/position.js';
import type { OrderQueries } from '../../queries/order-queries.js';
import type { ServerSentEvents, ServerSentEventsGate } from '../../notifications/sse.js';
import { parkedProblem, receiptOf, timedWait, type ConsistencyDependencies } from '../consistent-read.js';
import { badRequest, problemFor } from '../problem-details.js';
import { queryParameters } from '../validation/query.js';
import { querySchemas } from './query-schemas.js';

/**
 * Server-Sent Events for a write (seed, strategy 3): one event once it is visible (the order
 * itself, on the order's stream), or `event: timeout` when the wait ends first, or
 * `event: error` with a problem when a projection parked one of its events.
 */
export function streamRoutes(
  orders: OrderQueries,
  projections: readonly Projection[],
  consistency: ConsistencyDependencies,
  gate: ServerSentEventsGate,
  timeoutMs: number,
): Router {
  const router = Router();
  router.get('/orders/:id/stream', async (req, res) => {
    gate.check(req);
    const receipt = await receiptOf(req, queryParameters(querySchemas.stream, req.query), consistency.receipts);
    if (!receipt) throw badRequest('a stream needs the write to wait for: correlation or consistentWith');
    await streamed(gate.admit(req, res), async (events) => {
      const order = orders.order.with(req.params.id);
      const visibility = await timedWait(consistency, order.projections, receipt, timeoutMs, events.signal);
      if (visibility.state === 'visible') {
        const found = await order.run();
        if (found) events.send(found);
        else events.send({ status: 404, title: 'Not Found', detail: `order ${req.params.id} does not exist` }, 'error');
      } else if (visibility.state === 'parked') events.send(parkedProblem(visibility).problem, 'error');
      else events.send({ waitingFor: visibility.waitingFor }, 'timeout');
    });
  });
  router.get('/stream', async (req, res) => {
    gate.check(req);
    const query = queryParameters(querySchemas.stream, req.query);
    const receipt = await receiptOf(req, query, consistency.receipts);
    if (!receipt) throw badRequest('a stream needs the write to wait for: correlation or consistentWith');
    await streamed(gate.admit(req, res), async (events) => {
      const visibility = await timedWait(consistency, projections, receipt, timeoutMs, events.signal);
      const concerned = consistency.waiter.concerned(projections, receipt).map((p) => p.name);
      if (visibility.state === 'visible') events.send({ correlationId: query.correlation ?? null, position: formatPosition(receipt.position), projections: concerned }, 'visible');
      else if (visibility.state === 'parked') events.send(parkedProblem(visibility).problem, 'error');
      else events.send({ waitingFor: visibility.waitingFor }, 'timeout');
    });
  });
  return router;
}

/** Runs a stream's work; once the stream is open, a failure can only be told as an `error` event. */
async function streamed(events: ServerSentEvents, work: (events: ServerSentEvents) => Promise<void>): Promise<void> {
  try {
    await work(events);
  } catch (error) {
    events.send(problemFor(error), 'error');
  } finally {
    events.end();
  }
}
