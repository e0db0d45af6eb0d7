/** A worker that said it is alive (`heartbeat`), until `expiresAt`. */
export interface WorkerPresence {
  readonly owner: string;
  readonly seenAt: Date;
  readonly expiresAt: Date;
}

/** A lease held now. */
export interface HeldLease {
  readonly key: string;
  readonly owner: string;
  readonly epoch: number;
  readonly expiresAt: Date;
}

/** Who is alive and who holds what, now: expired workers and leases are left out. */
export interface LeaseRoster {
  readonly workers: readonly WorkerPresence[];
  readonly leases: readonly HeldLease[];
}

/**
 * Who writes a generation: one worker at a time holds its lease, shared by every process of a
 * deployment, and renews it while it works. A worker that stops renewing (killed, paused, cut
 * off) loses it when it runs out, and another takes over.
 *
 * An adapter must guarantee:
 * - At most one owner holds a generation's unexpired lease. `claim` grants it when nobody holds
 *   it, when the holder's time ran out, or to the holder itself (a renewal, which keeps the epoch).
 * - The epoch grows every time the lease changes hands, never goes back, and survives restarts:
 *   it is the fencing token. A batch committed with an epoch (`Batch.epoch`) is refused with
 *   `LeaseLostError` by a `ReadModelStore` of the same deployment when the lease has a newer
 *   one; transactional stores check it in the commit's own transaction.
 * - `release` ends the owner's lease at once (a clean stop hands over without waiting), and
 *   does nothing when another holds it.
 * - `heartbeat` keeps a worker in the roster for `ttlMs`, `leave` takes it out at once; `roster`
 *   lists the workers and leases unexpired at the time of the call, as every process sees them:
 *   workers share the generations by it.
 * Times are the adapter's clock (`Date.now()` of the claiming process for the embedded store).
 */
export interface GenerationLeases {
  /** The epoch of the lease now held by `owner` for `ttlMs`, or undefined while another holds it. */
  claim(key: string, owner: string, ttlMs: number): Promise<number | undefined>;
  release(key: string, owner: string): Promise<void>;
  /** Raises `LeaseLostError` unless `epoch` is the lease's newest: the check for stores that cannot make it in their own commit (Elasticsearch). */
  fence(key: string, epoch: number): Promise<void>;
  heartbeat(owner: string, ttlMs: number): Promise<void>;
  leave(owner: string): Promise<void>;
  roster(): Promise<LeaseRoster>;
}
