/**
 * A place in `$all`. EventStoreDB gives every event a `{ commit, prepare }` pair of 64-bit
 * numbers, ordered by commit first; the embedded store uses one sequence for both.
 * Positions are bigints everywhere and cross JSON only as decimal strings.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Where reads and subscriptions begin: before the first event, or after the last one. */
export type StartFrom = 'start' | 'end' | Position;

export function position(commit: bigint, prepare: bigint = commit): Position {
  return { commit, prepare };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function isAtOrAfter(candidate: Position, target: Position): boolean {
  return comparePositions(candidate, target) >= 0;
}

export function maxPosition(a: Position, b: Position): Position {
  return comparePositions(a, b) >= 0 ? a : b;
}

/** `"<commit>/<prepare>"`, or `"<commit>"` when both are equal: decimal, never a JS number. */
export function formatPosition(p: Position): string {
  return p.commit === p.prepare ? p.commit.toString() : `${p.commit}/${p.prepare}`;
}

const POSITION_TEXT = /^(0|[1-9][0-9]{0,19})(?:\/(0|[1-9][0-9]{0,19}))?$/;
const MAX_UINT64 = (1n << 64n) - 1n;

/** Inverse of formatPosition; returns undefined for anything that is not a position. */
export function parsePosition(text: string): Position | undefined {
  const match = POSITION_TEXT.exec(text);
  if (!match) return undefined;
  const commit = BigInt(match[1]!);
  const prepare = match[2] === undefined ? commit : BigInt(match[2]);
  if (commit > MAX_UINT64 || prepare > MAX_UINT64) return undefined;
  return { commit, prepare };
}
