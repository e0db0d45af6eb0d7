import type { GenerationLeases, LeaseRoster } from '../ports/generation-leases.js';

/**
 * One worker's share of the generations, when several workers run the same projections: each
 * says it is alive every third of the lease time (`heartbeat`) and reads the roster. With `n`
 * generations and `w` live workers, a worker takes a free lease only while it holds fewer than
 * ceil(n / w); one that holds more, or holds more than floor(n / w) while another live worker
 * holds fewer, gives one up per turn, the most loaded first (ties: the greater owner id), so a
 * worker that joins gets its share without anyone stopping. A lease given up is not claimed
 * back by this worker for a lease time, so that the one short of its share takes it. A worker
 * that stops leaves the roster at once; one that dies drops out when its heartbeat runs out,
 * and the others' shares grow to cover its generations.
 */
export class LeaseShare {
  private readonly held = new Set<string>();
  private readonly cooling = new Map<string, number>();
  private roster: LeaseRoster | undefined;
  private gaveUpThisTurn = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly leases: GenerationLeases,
    private readonly owner: string,
    private readonly ttlMs: number,
    /** How many generations the workers share (every worker runs a runner for each). */
    private readonly generations: () => number,
  ) {}

  /** Says this worker is alive, and keeps saying it; resolves once the first roster is read. */
  async start(): Promise<void> {
    await this.turn();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.turn().catch(() => undefined), this.ttlMs / 3);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.leases.leave(this.owner).catch(() => undefined);
  }

  /**
   * Whether a runner of this worker may claim `key` now; if so, the key counts as held at once
   * (so that runners asking together do not all claim), until `released` if the claim fails.
   * Past the fewest it should hold, a worker leaves free leases to a worker short of its share.
   */
  reserve(key: string): boolean {
    if ((this.cooling.get(key) ?? 0) > Date.now()) return false;
    const { least, most } = this.share();
    if (this.held.size >= most) return false;
    if (this.held.size >= least && [...this.counts().values()].some((count) => count < least)) return false;
    this.held.add(key);
    return true;
  }

  released(key: string): void {
    this.held.delete(key);
  }

  /** Asked by a runner holding `key` at each renewal: true when it should give the lease up so another worker takes it. */
  shouldGiveUp(key: string): boolean {
    if (!this.held.has(key) || !this.roster) return false;
    const { most, least } = this.share();
    const mine = this.held.size;
    const counts = this.counts();
    // Never to nobody: a lease is given up only while another live worker is short of its share
    // (a lone worker, or one whose count of generations is briefly off while its runners start, keeps what it holds).
    const short = [...counts].some(([owner, count]) => owner !== this.owner && count < least);
    if (!short) return false;
    if (mine <= most) {
      // At most its share: only the busiest worker gives one up, once a turn.
      const busiest = [...counts].sort(([ownerA, a], [ownerB, b]) => b - a || (ownerB > ownerA ? 1 : -1))[0]?.[0];
      // Free leases the short worker can take first: giving one up would only add a handover.
      const free = this.generations() - (this.roster.leases.length);
      if (this.gaveUpThisTurn || mine <= least || !short || free > 0 || busiest !== this.owner) return false;
      this.gaveUpThisTurn = true;
    }
    this.cooling.set(key, Date.now() + this.ttlMs);
    return true;
  }

  /** The fewest and the most generations a worker should hold with the workers alive now. */
  private share(): { readonly least: number; readonly most: number } {
    const workers = Math.max(1, new Set([this.owner, ...(this.roster?.workers.map((worker) => worker.owner) ?? [])]).size);
    const generations = this.generations();
    return { least: Math.floor(generations / workers), most: Math.max(1, Math.ceil(generations / workers)) };
  }

  /** Leases held by each live worker, this one by what it knows itself. */
  private counts(): Map<string, number> {
    const counts = new Map<string, number>((this.roster?.workers ?? []).map((worker) => [worker.owner, 0]));
    for (const lease of this.roster?.leases ?? []) if (counts.has(lease.owner)) counts.set(lease.owner, counts.get(lease.owner)! + 1);
    counts.set(this.owner, this.held.size);
    return counts;
  }

  private async turn(): Promise<void> {
    await this.leases.heartbeat(this.owner, this.ttlMs);
    this.roster = await this.leases.roster();
    this.gaveUpThisTurn = false;
    const now = Date.now();
    for (const [key, until] of this.cooling) if (until <= now) this.cooling.delete(key);
  }
}
