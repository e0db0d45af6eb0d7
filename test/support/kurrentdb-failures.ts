import { convertToCommandError, UnavailableError } from '@kurrent/kurrentdb-client';

/** gRPC status codes, as numbers (the client reads `code`). */
export const status = { CANCELLED: 1, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, FAILED_PRECONDITION: 9, UNAVAILABLE: 14 } as const;
type Status = (typeof status)[keyof typeof status];
const NAMES = Object.fromEntries(Object.entries(status).map(([name, code]) => [code, name]));

/** The part of gRPC's Metadata the client reads: `getMap()`. */
function metadataOf(entries: Record<string, string>): { getMap(): Record<string, string>; get(key: string): string[] } {
  return { getMap: () => ({ ...entries }), get: (key) => (key in entries ? [entries[key]!] : []) };
}

/**
 * Errors built the way @kurrent/kurrentdb-client builds them: a gRPC ServiceError (status code,
 * details, trailing metadata with the server's `exception` tag) through its own
 * `convertToCommandError`. Tests of the adapter's mapping use these, so that they fail the way
 * the client does without a server.
 */
export function clientFailure(code: Status, details: string, exception?: string, extra: Record<string, string> = {}): Error {
  return convertToCommandError(rawGrpcFailure(code, details, metadataOf({ ...(exception ? { exception } : {}), ...extra })));
}

/** What an append meets on a refused connection: the raw gRPC error, not a CommandError. */
export function rawGrpcFailure(code: Status, details: string, metadata: object = metadataOf({})): Error {
  return Object.assign(new Error(`${code} ${NAMES[code]}: ${details}`), { code, details, metadata });
}

export const failures = {
  refusedOnAppend: () => rawGrpcFailure(status.UNAVAILABLE, 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2113.'),
  refusedOnRead: () => new UnavailableError(undefined, 'UnavailableError'),
  unavailable: () => clientFailure(status.UNAVAILABLE, 'Connection dropped'),
  serverNotReady: () => clientFailure(status.UNAVAILABLE, 'Server Is Not Ready'),
  notLeader: () => clientFailure(status.NOT_FOUND, 'Leader info available', 'not-leader', { 'leader-endpoint-host': '10.0.0.2', 'leader-endpoint-port': '2113' }),
  accessDenied: () => clientFailure(status.PERMISSION_DENIED, 'Access denied', 'access-denied'),
  wrongExpectedVersion: (expected: string, actual?: string) =>
    clientFailure(status.FAILED_PRECONDITION, 'WrongExpectedVersion', 'wrong-expected-version', {
      'stream-name': 'order-1',
      'expected-version': expected,
      ...(actual === undefined ? {} : { 'actual-version': actual }),
    }),
  groupExists: () => clientFailure(status.ALREADY_EXISTS, 'exists', 'persistent-subscription-exists', { 'stream-name': '$all', 'group-name': 'g' }),
  groupMissing: () => clientFailure(status.NOT_FOUND, 'missing', 'persistent-subscription-does-not-exist', { 'stream-name': '$all', 'group-name': 'g' }),
  groupFull: () => clientFailure(status.FAILED_PRECONDITION, 'full', 'maximum-subscribers-reached', { 'stream-name': '$all', 'group-name': 'g' }),
  groupDropped: () => clientFailure(status.CANCELLED, 'dropped', 'persistent-subscription-dropped', { 'stream-name': '$all', 'group-name': 'g' }),
  appendTooLarge: () => clientFailure(status.INVALID_ARGUMENT, 'too large', 'maximum-append-size-exceeded', { 'maximum-append-size': '1048576' }),
};
