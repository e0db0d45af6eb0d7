import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import type { Generations, GenerationsDependencies } from '../generations/generations.js';
import type { GenerationLeases } from '../ports/generation-leases.js';
import type { GenerationRecord } from '../ports/projection-registry.js';
import { RebuildInProgressError } from '../ports/read-model-errors.js';
import { generationKey, type Generation } from '../projections/generation.js';
import { checkProjection, type Projection } from '../projections/projection.js';
import { formatPosition } from '../position.js';
import { STDERR_LOG, type Log } from '../log.js';
import { CatchUpGate } from './catch-up-gate.js';
import { LeaseShare } from './lease-share.js';
import { ProjectionRunner, type RunnerDependencies, type RunnerOptions, type StoppedAt } from './projection-runner.js';

export interface WorkerOptions {
  readonly runner: RunnerOptions;
  /** A rebuild switches in once at most this many events are left for it to apply. */
  readonly switchLagEvents: number;
  /** How long a retired generation's documents stay after the switch, for reads in flight. */
  readonly retireAfterMs: number;
  /** How long a generation's lease lasts unrenewed: how soon another worker takes over from one that died. */
  readonly leaseMs: number;
}

/**
 * Runs every projection: a runner for each live generation, and one for each generation being
 * rebuilt beside it. It follows the registry, which any process may change: a rebuild asked for
 * elsewhere starts here, a crashed rebuild resumes from its checkpoint, a new projection version
 * is rebuilt blue/green. A rebuild that has caught up is switched in; the generation it replaced
 * is dropped a little later. A rebuild that fails leaves the live generation as it was.
 */
export class ProjectionWorkers {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly switched = new Set<string>();
  private readonly retiring = new Map<string, NodeJS.Timeout>();
  private readonly runnerDeps: RunnerDependencies;
  private reconciling: Promise<void> | undefined;
  private again = false;
  private stopListening: (() => void) | undefined;
  private closed = false;
  private readonly log: Log;
  /** This worker's share of the generations, among the workers alive (see LeaseShare). */
  private readonly share: LeaseShare | undefined;

  constructor(
    private readonly deps: GenerationsDependencies & { readonly leases?: GenerationLeases },
    private readonly generations: Generations,
    private readonly options: WorkerOptions,
  ) {
    generations.projections.forEach(checkProjection);
    const owner = `${hostname()}:${process.pid}:${threadId}:${randomBytes(4).toString('hex')}`;
    this.log = (deps.log ?? STDERR_LOG).child({ worker: owner });
    this.share = deps.leases && new LeaseShare(deps.leases, owner, options.leaseMs, () => this.runners.size);
    const lease = deps.leases && { leases: deps.leases, owner, ttlMs: options.leaseMs, ...(this.share ? { share: this.share } : {}) };
    this.runnerDeps = { ...deps, log: this.log, catchUpGate: new CatchUpGate(), ...(lease ? { lease } : {}) };
    if (new Set(generations.projections.map((p) => p.name)).size !== generations.projections.length) throw new Error('two projections have the same name');
  }

  /** The runner of a generation, if it runs in this process. */
  runnerOf(generation: Generation): ProjectionRunner | undefined {
    return this.runners.get(generationKey(generation));
  }

  /** Every runner, by generation key. */
  running(): ReadonlyMap<string, ProjectionRunner> {
    return this.runners;
  }

  async start(): Promise<void> {
    await this.share?.start();
    await this.reconcile();
    this.stopListening = this.deps.registry.onChange(() => void this.reconcile().catch((error: unknown) => this.log.error({ err: error }, 'following the registry failed; it is tried again at its next change')));
  }

  /** Starts a blue/green rebuild here at once (workers elsewhere follow the registry): the next generation builds while the live one serves. */
  async rebuild(name: string): Promise<GenerationRecord> {
    const { record } = await this.generations.beginRebuild(name);
    await this.reconcile();
    return record;
  }

  async cancelRebuild(name: string): Promise<void> {
    await this.generations.cancelRebuild(name);
    await this.reconcile();
  }

  /** Empties the live generation and replays it from zero in place: for development, with downtime. */
  async rebuildInPlace(name: string): Promise<void> {
    const generation = await this.generations.live(name);
    const key = generationKey(generation);
    await this.runners.get(key)?.close();
    this.runners.delete(key);
    await this.generations.emptyLive(name);
    await this.reconcile();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening?.();
    for (const timer of this.retiring.values()) clearTimeout(timer);
    await this.reconciling;
    // Out of the roster first: the others' shares grow at once, and they take over what this worker releases.
    await this.share?.stop();
    await Promise.all([...this.runners.values()].map((runner) => runner.close()));
    this.runners.clear();
  }

  /** Brings the runners in line with the registry; runs one at a time, and again if asked meanwhile. */
  private reconcile(): Promise<void> {
    if (this.reconciling) {
      this.again = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      try {
        do {
          this.again = false;
          if (!this.closed) await this.reconcileOnce();
        } while (this.again);
      } finally {
        this.reconciling = undefined;
      }
    })();
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const wanted = new Set<string>();
    for (const projection of this.generations.projections) {
      let records = await this.deps.registry.list(projection.name);
      const building = records.find((r) => r.state === 'building');
      if (building && building.version !== projection.version) {
        await this.deps.registry.abandon(projection.name, building.generation, 'cancelled', `superseded by version ${projection.version}`);
        records = await this.deps.registry.list(projection.name);
      }
      const live = records.find((r) => r.state === 'live');
      if (!live || (live.version !== projection.version && !records.some((r) => r.state === 'building'))) {
        await this.deps.registry.begin(projection.name, projection.version).catch((error: unknown) => {
          if (!(error instanceof RebuildInProgressError)) throw error;
        });
        records = await this.deps.registry.list(projection.name);
      }
      // Live and building first: a retired generation is dropped only once the store's own
      // readers point at the live one (an alias moved over an index being dropped fails).
      const order = (record: GenerationRecord) => (record.state === 'live' || record.state === 'building' ? 0 : 1);
      for (const record of [...records].sort((a, b) => order(a) - order(b))) {
        const key = generationKey(record);
        if (record.state === 'live' || record.state === 'building') {
          wanted.add(key);
          if (record.state === 'live' && !this.runners.has(key)) await this.activate({ projection, generation: record.generation });
          this.ensureRunner(projection, record);
        } else if (record.state === 'retired') {
          const liveNow = records.find((r) => r.state === 'live');
          this.scheduleRetirement(projection, record.generation, liveNow?.switchedAt ?? new Date());
        } else {
          wanted.delete(key);
          await this.retire({ projection, generation: record.generation });
        }
      }
    }
    for (const [key, runner] of this.runners) {
      if (!wanted.has(key)) {
        // Closed before it is forgotten: while it still holds its lease it counts among the generations shared.
        await runner.close();
        this.runners.delete(key);
      }
    }
  }

  /** Points the store's own readers at a live generation (again, after a crash between switch and pointer). */
  private async activate(generation: Generation): Promise<void> {
    if (!this.deps.readModels.activate) return;
    await this.deps.readModels.prepare(generation);
    await this.deps.readModels.activate(generation);
  }

  private ensureRunner(projection: Projection, record: GenerationRecord): void {
    const key = generationKey({ projection, generation: record.generation });
    if (this.runners.has(key)) return;
    if (record.state === 'live') this.switched.add(key);
    const hooks = {
      caughtUp: (runner: ProjectionRunner, atHead: boolean) => this.switchWhenCaughtUp(runner, atHead),
      stopped: (runner: ProjectionRunner, at: StoppedAt) => void this.abandonIfBuilding(runner, at),
    };
    const runner = new ProjectionRunner(this.runnerDeps, { projection, generation: record.generation }, this.options.runner, hooks);
    this.runners.set(key, runner);
    runner.start();
  }

  /** A rebuild's runner reports progress: switch it in once it is close enough to the head. */
  private async switchWhenCaughtUp(runner: ProjectionRunner, atHead: boolean): Promise<boolean> {
    const key = generationKey(runner.generation);
    if (this.switched.has(key)) return true;
    const outcome = await this.generations.switchIfCaughtUp(runner, atHead, this.options.switchLagEvents);
    if (outcome === 'abandoned') return false;
    if (outcome === 'switched') {
      this.switched.add(key);
      void this.reconcile().catch((error: unknown) => this.log.error({ err: error }, 'following the registry failed; it is tried again at its next change'));
    }
    return true;
  }

  private async abandonIfBuilding(runner: ProjectionRunner, at: StoppedAt): Promise<void> {
    const { projection, generation } = runner.generation;
    if (this.switched.has(generationKey(runner.generation))) return;
    const reason = `stopped at ${at.event.type} ${formatPosition(at.event.position)}: ${at.error}`;
    await this.deps.registry.abandon(projection.name, generation, 'failed', reason).catch(() => undefined);
  }

  /**
   * Drops a retired generation once reads in flight have had their time. A drop that fails (the
   * store busy or away) is tried again with backoff: nothing else would, until a restart.
   */
  private scheduleRetirement(projection: Projection, generation: number, since: Date, failures = 0): void {
    const key = generationKey({ projection, generation });
    if (this.retiring.has(key)) return;
    const wait = failures === 0 ? Math.max(0, since.getTime() + this.options.retireAfterMs - Date.now()) : Math.min(30_000, 500 * 2 ** failures);
    const timer = setTimeout(() => {
      void this.retire({ projection, generation }).catch((error: unknown) => {
        this.log.warn({ projection: projection.name, generation, err: error, attempt: failures + 1 }, 'dropping a retired generation failed; trying again');
        this.retiring.delete(key);
        if (!this.closed) this.scheduleRetirement(projection, generation, since, failures + 1);
      });
    }, wait);
    timer.unref();
    this.retiring.set(key, timer);
  }

  /** Stops a generation's runner, deletes its group and documents, and forgets it. */
  private async retire(generation: Generation): Promise<void> {
    const key = generationKey(generation);
    const runner = this.runners.get(key);
    await runner?.close();
    this.runners.delete(key);
    await this.generations.drop(generation);
    this.retiring.delete(key);
  }
}
