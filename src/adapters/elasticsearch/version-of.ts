import type { Position } from '../../core/position.js';

/** Elasticsearch stores versions as a signed 64-bit long. */
const MAX_VERSION = (1n << 63n) - 1n;

/**
 * The external version of a document written at `position`: its commit position, as exact
 * decimal text for a bulk body written by hand (the client's JSON serialiser cannot write a
 * bigint, and a JS number rounds above 2^53, which would let two positions share a version).
 *
 * Used with `version_type: external_gte`, so a write succeeds when its version is at least the
 * stored one. Older commits are refused (409), and so the order holds across commits. Within one
 * commit (an EventStoreDB append whose events differ only in prepare) the writes are equal, and
 * the later one must win: a document written again at the same commit (a later event of the same
 * append in the next batch, or a parked event applied late, which keeps the document's position)
 * would be lost to a 409 under plain `external`. An older prepare of the same commit cannot come
 * back from a replay: the runner loads each document before writing it and never applies an
 * event at or below the stored position, so it writes the stored document unchanged. (Only a
 * second worker racing the first inside one commit could still do it; its checkpoint is then
 * refused with CheckpointMovedError.)
 */
export function versionOf(position: Position): string {
  if (position.commit < 0n || position.commit > MAX_VERSION) {
    throw new RangeError(`commit position ${position.commit} does not fit an Elasticsearch version (0 to 2^63 - 1)`);
  }
  return position.commit.toString();
}
