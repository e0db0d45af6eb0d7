import { setImmediate } from 'node:timers/promises';
import type { RecordedEvent } from '../events.js';
import type { Position } from '../position.js';
import type { PreparedBatch } from './batch-processor.js';
import type { CatchUpGate } from './catch-up-gate.js';
import type { CarriedDocuments } from './document-overlay.js';

/** What catching up drives: the runner of one generation, from its checkpoint to the head of `$all`. */
export interface CatchUpTarget {
  /** Events per batch. */
  readonly batchSize: number;
  /** Shared by the runners of a process, so that they read and handle one batch at a time. */
  readonly gate: CatchUpGate | undefined;
  /** True once the runner is closing. */
  stopping(): boolean;
  /** The generation's checkpoint and commit count, as its last commit left them. */
  checkpoint(): { readonly position: Position | undefined; readonly commits: number };
  /** Up to `maxCount` of the projection's events after `position`. */
  readAfter(position: Position | undefined, maxCount: number): Promise<RecordedEvent[]>;
  /** Handles a batch that will be based on `basedOn` commits, reading first what `carried` holds; `handled` once the handlers ran. */
  prepare(events: RecordedEvent[], basedOn: number, carried: CarriedDocuments | undefined, handled: (() => void) | undefined): Promise<PreparedBatch>;
  /** Commits a prepared batch, then moves the checkpoint and publishes the change; raises a stop. */
  commit(events: RecordedEvent[], prepared: PreparedBatch): Promise<void>;
  /** After each commit; `atHead` when a read found nothing more. False to stop. */
  caughtUp(atHead: boolean): Promise<boolean>;
}

/**
 * Reads `$all` from the checkpoint until nothing is left, a batch at a time, and commits each
 * before reading the next. False when the runner closes or a hook says stop.
 */
export async function catchUp(target: CatchUpTarget): Promise<boolean> {
  while (!target.stopping()) {
    const batch = async (handled?: () => void) => {
      const events = await target.readAfter(target.checkpoint().position, target.batchSize);
      if (events.length > 0) await target.commit(events, await target.prepare(events, target.checkpoint().commits, undefined, handled));
      return events.length;
    };
    const applied = target.gate ? await target.gate.run(batch) : await batch();
    // A batch on an embedded store is synchronous work from end to end: let timers, I/O and
    // messages (heartbeats, status questions, a close) in before the next one.
    await setImmediate();
    if (applied === 0) return target.caughtUp(true);
    if (!(await target.caughtUp(false))) return false;
  }
  return false;
}

/**
 * Catching up into a store that is a server away: each batch is read and handled while the
 * one before is still committing, so the thread works while the server does. The next batch
 * reads the documents the one before wrote from memory (they are not stored yet), and commits
 * only once that one has, based on its commit count: if it failed, the next one is dropped
 * unseen and the runner starts over from what is stored. A batch with in-place changes
 * (deltas), or one that ends where the projection stops, is waited for first.
 */
export async function catchUpOverlapped(target: CatchUpTarget): Promise<boolean> {
  let committing: { readonly done: Promise<void>; readonly prepared: PreparedBatch } | undefined;
  const committed = async () => {
    await committing?.done;
    committing = undefined;
    return target.caughtUp(false);
  };
  try {
    while (!target.stopping()) {
      if (committing && (!committing.prepared.carried || committing.prepared.stoppedAt) && !(await committed())) return false;
      const from = committing?.prepared.batch?.checkpoint ?? target.checkpoint().position;
      const basedOn = target.checkpoint().commits + (committing ? 1 : 0);
      const carried = committing?.prepared.carried;
      const next = async (leave?: () => void) => {
        const events = await target.readAfter(from, target.batchSize);
        return events.length === 0 ? undefined : { events, prepared: await target.prepare(events, basedOn, carried, leave) };
      };
      const handled = target.gate ? await target.gate.run(next) : await next();
      if (committing && !(await committed())) return false;
      await setImmediate();
      if (!handled) return target.caughtUp(true);
      if (target.stopping()) return false;
      const done = target.commit(handled.events, handled.prepared);
      // Awaited at the next turn, or below when leaving early; marked handled now, so that a failure meanwhile is not an unhandled rejection.
      done.catch(() => undefined);
      committing = { done, prepared: handled.prepared };
    }
    return false;
  } finally {
    await committing?.done.catch(() => undefined);
  }
}
