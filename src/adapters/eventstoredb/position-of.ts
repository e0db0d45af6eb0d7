import { END, START, type ReadPosition } from '@kurrent/kurrentdb-client';
import type { Position, StartFrom } from '../../core/position.js';

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * A position from the client as the core's: bigints (1.0.2 gave numbers for a while, #423).
 * Undefined for none, or for the 2^64-1 that servers before 22.6 put on stream reads.
 */
export function positionOf(position: { readonly commit: bigint | number | string; readonly prepare: bigint | number | string } | undefined): Position | undefined {
  if (!position) return undefined;
  const commit = BigInt(position.commit);
  const prepare = BigInt(position.prepare);
  if (commit < 0n || prepare < 0n || commit >= MAX_UINT64 || prepare >= MAX_UINT64) return undefined;
  return { commit, prepare };
}

/** Where a read or subscription starts, as the client says it. */
export function readPositionOf(from: StartFrom): ReadPosition {
  if (from === 'start') return START;
  if (from === 'end') return END;
  return { commit: from.commit, prepare: from.prepare };
}
