import { BACKWARDS, END, FORWARDS, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { AppendResult } from '../../core/ports/event-streams.js';
import { readStreamEvents } from './read-stream-events.js';

/** Where an earlier attempt's events may be: from a known revision on, or among the stream's newest events. */
export interface EarlierAppend {
  readonly stream: string;
  /** The ids it appended, in order. */
  readonly ids: readonly string[];
  /** The revision its first event took, when its append expected a revision; else unknown. */
  readonly fromRevision?: bigint;
}

/** How many of a stream's newest events are searched when the earlier append's revision is unknown. */
export const LOOKBACK = 1_000;

/**
 * The result an earlier append of these ids had, if the stream holds them: the revision and
 * position of its last event. A retry cannot lean on the server's duplicate check for this: a
 * retry that reloads the stream appends at its new end, and there the server writes ids it
 * already holds again. Reads `ids.length` events from the known revision, or else the newest
 * `LOOKBACK` (plus `ids.length`) events backwards; an append older than that is not found.
 */
export async function findEarlierAppend(client: KurrentDBClient, earlier: EarlierAppend): Promise<AppendResult | undefined> {
  const { stream, ids, fromRevision } = earlier;
  if (ids.length === 0) return undefined;
  const events =
    fromRevision === undefined
      ? (await readStreamEvents(client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: LOOKBACK + ids.length })).reverse()
      : await readStreamEvents(client, stream, { direction: FORWARDS, fromRevision, maxCount: ids.length });
  const first = events.findIndex((event) => event.id === ids[0]);
  if (first < 0) return undefined;
  const run = events.slice(first, first + ids.length);
  // Appends are atomic: the ids are all there, in order, or the attempt wrote nothing.
  if (run.length !== ids.length || run.some((event, index) => event.id !== ids[index])) return undefined;
  const last = run[run.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
