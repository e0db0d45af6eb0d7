import { setImmediate } from 'node:timers/promises';
import type { RecordedEvent } from '../events.js';
import type { Position } from '../position.js';
import type { PreparedBatch } from './batch-processor.js';
import type { CatchUpGate } from './catch-up-gate.js';
import type { CarriedDocuments } from './document-overlay.js';
import { layered, mergePrepared } from './merge-prepared.js';

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

/** How many batches' events one merged commit may hold, past which handling waits for the commit in flight. */
const MAX_MERGED_BATCHES = 16;

interface Handled {
  readonly events: RecordedEvent[];
  readonly prepared: PreparedBatch;
}

/**
 * Catching up into a store that is a server away: batches are read and handled while the one
 * before commits, so the thread works while the server does. Those handled meanwhile merge into
 * one (mergePrepared), committed once the one in flight is done: the slower the server, the
 * larger the next commit, and each document is sent once per commit, as the last batch left it.
 * A batch reads the documents the ones before wrote from memory (they are not stored yet), and
 * is based on their commit count: if a commit fails, what was handled after it is dropped unseen
 * and the runner starts over from what is stored. A batch with in-place changes (deltas), or one
 * that ends where the projection stops, is committed and waited for before the next is read.
 */
export async function catchUpOverlapped(target: CatchUpTarget): Promise<boolean> {
  let inFlight: (Handled & { readonly done: Promise<void>; settled: boolean }) | undefined;
  let pending: (Handled & { readonly parts: number }) | undefined;
  /** Waits for the commit in flight, if any; false if the runner's hook says stop. */
  const settle = async () => {
    if (!inFlight) return true;
    await inFlight.done;
    inFlight = undefined;
    return target.caughtUp(false);
  };
  const send = (handled: Handled) => {
    const done = target.commit(handled.events, handled.prepared);
    // Awaited by settle; marked handled now, so that a failure meanwhile is not an unhandled rejection.
    done.catch(() => undefined);
    const commit = { ...handled, done, settled: false };
    done.then(() => (commit.settled = true), () => (commit.settled = true));
    inFlight = commit;
  };
  /** Commits what is pending once the commit in flight is done (or at once, waiting for it, when `now`). */
  const flush = async (now: boolean) => {
    if (!pending || (!now && inFlight && !inFlight.settled)) return true;
    if (!(await settle())) return false;
    send(pending);
    pending = undefined;
    return true;
  };
  try {
    while (!target.stopping()) {
      const last = pending ?? inFlight;
      if (last && (!last.prepared.carried || last.prepared.stoppedAt)) {
        if (!(await flush(true)) || !(await settle())) return false;
        continue;
      }
      const before = last?.prepared.batch;
      const from = before?.checkpoint ?? target.checkpoint().position;
      // The commit count this batch would follow, were it committed alone (merged, it takes the pending one's).
      const basedOn = before ? before.basedOn + 1 : target.checkpoint().commits;
      const carried = pending ? layered(inFlight?.prepared.carried, pending.prepared.carried!) : inFlight?.prepared.carried;
      const next = async (leave?: () => void): Promise<Handled | undefined> => {
        const events = await target.readAfter(from, target.batchSize);
        return events.length === 0 ? undefined : { events, prepared: await target.prepare(events, basedOn, carried, leave) };
      };
      const handled = target.gate ? await target.gate.run(next) : await next();
      if (!handled) return (await flush(true)) && (await settle()) && target.caughtUp(true);
      if (target.stopping()) return false;
      const merged = pending && mergePrepared(pending.prepared, handled.prepared);
      if (pending && merged) pending = { events: [...pending.events, ...handled.events], prepared: merged, parts: pending.parts + 1 };
      else {
        if (!(await flush(true))) return false;
        pending = { ...handled, parts: 1 };
      }
      if (!(await flush(pending.parts >= MAX_MERGED_BATCHES || !inFlight))) return false;
      await setImmediate();
    }
    return false;
  } finally {
    await inFlight?.done.catch(() => undefined);
  }
}
