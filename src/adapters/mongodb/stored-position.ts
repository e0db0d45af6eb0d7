import { position, type Position } from '../../core/position.js';

/** A position as stored: two Int64s, compared commit first. */
export interface StoredPosition {
  readonly c: bigint;
  readonly p: bigint;
}

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * BSON has no unsigned 64-bit integer, and the client wraps a bigint of 2^63 or more into a
 * negative Int64 without a word, which would break every comparison. Such positions are
 * refused instead (EventStoreDB's `$all` positions stay far below 2^63).
 */
export function storedPosition(at: Position): StoredPosition {
  if (at.commit < 0n || at.commit > MAX_INT64 || at.prepare < 0n || at.prepare > MAX_INT64) {
    throw new RangeError(`position ${at.commit}/${at.prepare} does not fit a signed 64-bit integer`);
  }
  return { c: at.commit, p: at.prepare };
}

export function positionOf(stored: StoredPosition): Position {
  return position(BigInt(stored.c), BigInt(stored.p));
}

/** Matches documents whose `pos` is below `at`; a missing `pos` never matches. */
export function below(at: Position): { $or: object[] } {
  const { c, p } = storedPosition(at);
  return { $or: [{ 'pos.c': { $lt: c } }, { 'pos.c': c, 'pos.p': { $lt: p } }] };
}
