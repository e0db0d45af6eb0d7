import type { ApiClient } from './api-client.js';

/** The fields of `GET /api/projections` a run looks at. */
export interface GenerationStatus {
  readonly projection: string;
  readonly generation: number;
  readonly registryState: string;
  readonly state: string;
  readonly checkpoint: string | null;
  readonly lag: { readonly events: number; readonly ms: number };
  readonly parked: number;
}

/** A rebuilt generation seen live for the first time. */
export interface ObservedSwitch {
  readonly projection: string;
  readonly generation: number;
  /** `Date.now()` of the first sample that showed it live. */
  readonly at: number;
}

/**
 * Samples `GET /api/projections` every `intervalMs` (after the previous answer): keeps the
 * latest statuses, the largest lag of a live generation, and when each new generation was
 * first seen live.
 */
export class ProjectionWatcher {
  latest: GenerationStatus[] = [];
  readonly switches: ObservedSwitch[] = [];
  maxLagEvents = { events: 0, projection: '' };
  maxLagMs = { ms: 0, projection: '' };
  samples = 0;
  failures = 0;
  private readonly live = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.sample();
        await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Resolves with the first sample (from now on) that satisfies `check`; rejects after `timeoutMs`. */
  until(check: (statuses: GenerationStatus[]) => boolean, timeoutMs: number): Promise<GenerationStatus[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = () => {
        if (!check(this.latest)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(this.latest);
      };
      this.listeners.push(listener);
    });
  }

  private async sample(): Promise<void> {
    const response = await this.api.get('/api/projections');
    const statuses = response.body?.projections as GenerationStatus[] | undefined;
    if (response.status !== 200 || !Array.isArray(statuses)) {
      this.failures += 1;
      return;
    }
    this.samples += 1;
    this.latest = statuses;
    for (const status of statuses) {
      // The lag that readers wait on: a generation being rebuilt starts far behind by design.
      if (status.registryState !== 'live') continue;
      if (status.lag.events > this.maxLagEvents.events) this.maxLagEvents = { events: status.lag.events, projection: `${status.projection}#${status.generation}` };
      if (status.lag.ms > this.maxLagMs.ms) this.maxLagMs = { ms: status.lag.ms, projection: `${status.projection}#${status.generation}` };
      const before = this.live.get(status.projection);
      if (before !== undefined && before !== status.generation) this.switches.push({ projection: status.projection, generation: status.generation, at: Date.now() });
      this.live.set(status.projection, status.generation);
    }
    for (const listener of [...this.listeners]) listener();
  }
}
