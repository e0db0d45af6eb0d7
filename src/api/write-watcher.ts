import type { Log } from '../core/log.js';
import { formatPosition } from '../core/position.js';
import type { Projection } from '../core/projections/projection.js';
import type { WriteWatcher } from '../notifications/write-watches.js';
import { timedWait, type ConsistencyDependencies } from './consistent-read.js';
import { problemFor } from './problem-details.js';

/**
 * The WebSocket's `watch`, answered as `GET /api/stream?consistentWith=` answers: the token is
 * checked as every read checks it (this store's, a position it reached), then the write is
 * waited for in every projection among `projections` that handles one of its events, for at
 * most `timeoutMs`. A refused token is an `Error` naming why, as its 400 problem would.
 */
export function writeWatcher(consistency: ConsistencyDependencies, projections: readonly Projection[], timeoutMs: number, log: Log): WriteWatcher {
  return async (token, signal) => {
    try {
      const receipt = await consistency.receipts.fromToken(token);
      const visibility = await timedWait(consistency, projections, receipt, timeoutMs, signal);
      const position = formatPosition(receipt.position);
      if (visibility.state === 'visible') {
        return { type: 'WriteVisible', token, position, projections: consistency.waiter.concerned(projections, receipt).map((projection) => projection.name) };
      }
      if (visibility.state === 'parked') {
        const { event } = visibility;
        return {
          type: 'WriteParked',
          token,
          position,
          projection: visibility.projection,
          event: { id: event.eventId, type: event.eventType, stream: event.streamId, position: formatPosition(event.position), error: event.error },
        };
      }
      return { type: 'WritePending', token, position, waitingFor: visibility.waitingFor };
    } catch (error) {
      const problem = problemFor(error);
      if (problem.status >= 500) log.error({ err: error }, 'a WebSocket watch could not be answered');
      return { type: 'Error', token, message: problem.detail };
    }
  };
}
