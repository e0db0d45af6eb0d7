import type { GenerationLeases } from '../ports/generation-leases.js';
import type { LeaseShare } from './lease-share.js';
import { sleep } from './retry-handler.js';

/**
 * A runner's hold on its generation's lease: waits until it is granted, renews it every third
 * of its time, and says when another worker took it (`lost`). A renewal that fails (the store
 * away) is tried again at the next turn; if it keeps failing the lease runs out, and the next
 * commit's fencing check refuses what this runner computed meanwhile. With a LeaseShare, it
 * claims only within this worker's share of the generations, and gives the lease up when
 * another worker is short of its own.
 */
export class GenerationLease {
  private held: number | undefined;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly leases: GenerationLeases,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly lost: () => void,
    /** With other workers sharing the generations: claims only within this worker's share, and gives the lease up when it is asked to. */
    private readonly share?: LeaseShare,
  ) {}

  /** The fencing token of the lease while held. */
  get epoch(): number | undefined {
    return this.held;
  }

  /** Resolves true once held, or false if `stopping` turned true first; `waiting` is called while another holds it. */
  async acquire(stopping: () => boolean, interruption: () => Promise<void>, waiting: () => void): Promise<boolean> {
    for (;;) {
      if (stopping()) return false;
      const epoch = await this.claimWithinShare();
      if (epoch !== undefined) {
        this.held = epoch;
        this.keepRenewing();
        return true;
      }
      waiting();
      await Promise.race([sleep(this.ttlMs / 3), interruption()]);
    }
  }

  /** Claims the lease if this worker's share allows it (always, without a share); the share counts it from the start. */
  private async claimWithinShare(): Promise<number | undefined> {
    if (this.share && !this.share.reserve(this.key)) return undefined;
    let epoch: number | undefined;
    try {
      epoch = await this.leases.claim(this.key, this.owner, this.ttlMs);
    } finally {
      if (epoch === undefined) this.share?.released(this.key);
    }
    return epoch;
  }

  /** Stops renewing without giving the lease up (it was lost, or the runner starts over). */
  forget(): void {
    clearInterval(this.renewal);
    this.held = undefined;
    this.share?.released(this.key);
  }

  /** Gives the lease up, so that another worker takes over at once. */
  async release(): Promise<void> {
    const held = this.held !== undefined;
    this.forget();
    if (held) await this.leases.release(this.key, this.owner).catch(() => undefined);
  }

  private keepRenewing(): void {
    clearInterval(this.renewal);
    this.renewal = setInterval(() => {
      if (this.share?.shouldGiveUp(this.key)) {
        // Another worker is short of its share: hand this generation over, and stand by.
        void this.release().then(() => this.lost());
        return;
      }
      void this.leases.claim(this.key, this.owner, this.ttlMs).then(
        (epoch) => {
          if (this.held === undefined || epoch === this.held) return;
          this.forget();
          this.lost();
        },
        () => undefined,
      );
    }, this.ttlMs / 3);
    this.renewal.unref();
  }
}
