import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../../core/ports/event-streams.js';

/** The port's expected revision as the client's `streamState` (`expectedRevision` is gone in @kurrent). */
export function streamStateOf(expected: ExpectedRevision = 'any'): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected !== 'bigint' || expected < 0n) throw new TypeError(`not an expected revision: ${String(expected)}`);
      return expected;
  }
}
