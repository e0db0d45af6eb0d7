import { ErrorType } from '@kurrent/kurrentdb-client';

/** gRPC status codes worth retrying: CANCELLED (by the server), DEADLINE_EXCEEDED, ABORTED, UNAVAILABLE. */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 10, 14]);
const TRANSIENT_TYPES: ReadonlySet<unknown> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.NOT_LEADER,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
]);
const TRANSIENT_TEXT = /Server Is Not Ready|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|No connection established|UNAVAILABLE|leader/i;

/**
 * Whether a failure of the server or the connection will likely pass: a refused connection, a
 * restart ("14 UNAVAILABLE: Server Is Not Ready", #350), a leader change, a dropped stream. The
 * client raises these in several shapes: `UnavailableError` on reads and subscriptions, a raw gRPC
 * `Error` with `code: 14` on appends, `NotLeaderError` with the new leader, and bridge errors
 * whose message is all there is. Access denied, bad arguments and the like are not transient.
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code, message } = error as { type?: unknown; code?: unknown; message?: unknown };
  if (type !== undefined && TRANSIENT_TYPES.has(type)) return true;
  if (type === ErrorType.ACCESS_DENIED || type === ErrorType.INVALID_ARGUMENT) return false;
  if (typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code)) return true;
  return typeof message === 'string' && TRANSIENT_TEXT.test(message);
}
