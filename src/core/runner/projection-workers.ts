import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import type { Generations, GenerationsDependencies } from '../generations/generations.js';
import type { GenerationLeases } from '../ports/generation-leases.js';
import type { GenerationRecord } from '../ports/projection-registry.js';
import { RebuildInProgressError } from '../ports/read-model-errors.js';
import { generationKey, partsOf, type Generation } from '../projections/generation.js';
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

/** How often a partition at the head of a rebuild looks again whether every partition is. */
const SWITCH_CHECK_MS = 250;

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
  /** Partitioned rebuilds whose parts here are at the head, waiting for the other parts (maybe elsewhere) before the switch. */
  private readonly switchChecks = new Map<string, NodeJS.Timeout>();
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

  /** The runner of a generation (or of one partition of it), if it runs in this process. */
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
    await this.closeRunners(generation);
    await this.generations.emptyLive(name);
    await this.reconcile();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening?.();
    for (const timer of [...this.retiring.values(), ...this.switchChecks.values()]) clearTimeout(timer);
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
        const begun = await this.deps.registry.begin(projection.name, projection.version).catch((error: unknown) => {
          if (!(error instanceof RebuildInProgressError)) throw error;
          return undefined;
        });
        records = await this.deps.registry.list(projection.name);
        // Workers starting together each found no live generation: the first one's begin made it
        // live, and a later one's became a rebuild of the same version, for nothing. Give it up.
        const liveNow = records.find((r) => r.state === 'live');
        if (!live && begun?.state === 'building' && liveNow?.version === projection.version) {
          await this.deps.registry.abandon(projection.name, begun.generation, 'cancelled', 'another worker made the first generation meanwhile');
          records = await this.deps.registry.list(projection.name);
        }
      }
      // Live and building first: a retired generation is dropped only once the store's own
      // readers point at the live one (an alias moved over an index being dropped fails).
      const order = (record: GenerationRecord) => (record.state === 'live' || record.state === 'building' ? 0 : 1);
      for (const record of [...records].sort((a, b) => order(a) - order(b))) {
        const parts = partsOf({ projection, generation: record.generation });
        if (record.state === 'live' || record.state === 'building') {
          for (const part of parts) wanted.add(generationKey(part));
          if (record.state === 'live' && !parts.some((part) => this.runners.has(generationKey(part)))) await this.activate({ projection, generation: record.generation });
          for (const part of parts) this.ensureRunner(part, record);
        } else if (record.state === 'retired') {
          const liveNow = records.find((r) => r.state === 'live');
          this.scheduleRetirement(projection, record.generation, liveNow?.switchedAt ?? new Date());
        } else {
          for (const part of parts) wanted.delete(generationKey(part));
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

  /** Starts the runner of a generation, or of one partition of it. */
  private ensureRunner(part: Generation, record: GenerationRecord): void {
    const key = generationKey(part);
    if (this.runners.has(key)) return;
    if (record.state === 'live') this.switched.add(key);
    const hooks = {
      caughtUp: (runner: ProjectionRunner, atHead: boolean) => this.switchWhenCaughtUp(runner, atHead),
      stopped: (runner: ProjectionRunner, at: StoppedAt) => void this.abandonIfBuilding(runner, at),
    };
    const runner = new ProjectionRunner(this.runnerDeps, part, this.options.runner, hooks);
    this.runners.set(key, runner);
    runner.start();
  }

  /**
   * A rebuild's runner reports progress: switch it in once it is close enough to the head. A
   * partitioned rebuild switches once every partition is; a partition at the head goes on
   * live and checks again every so often, since the last partition to get there may run in
   * another process, which may have looked before this one's checkpoint moved.
   */
  private async switchWhenCaughtUp(runner: ProjectionRunner, atHead: boolean): Promise<boolean> {
    const key = generationKey(runner.generation);
    if (this.switched.has(key)) return true;
    const outcome = await this.generations.switchIfCaughtUp(runner, atHead, this.options.switchLagEvents);
    if (outcome === 'abandoned') return false;
    if (outcome === 'switched') {
      this.switched.add(key);
      void this.reconcile().catch((error: unknown) => this.log.error({ err: error }, 'following the registry failed; it is tried again at its next change'));
    } else if (atHead && runner.generation.partition !== undefined) {
      this.checkSwitchLater(runner);
    }
    return true;
  }

  private checkSwitchLater(runner: ProjectionRunner): void {
    const key = generationKey(runner.generation);
    if (this.switchChecks.has(key) || this.closed) return;
    const timer = setTimeout(() => {
      this.switchChecks.delete(key);
      if (this.closed || this.runners.get(key) !== runner) return;
      void this.switchWhenCaughtUp(runner, false)
        .then(() => {
          if (!this.switched.has(key) && this.runners.get(key) === runner) this.checkSwitchLater(runner);
        })
        .catch((error: unknown) => {
          this.log.warn({ err: error, partition: runner.generation.partition }, 'checking whether a partitioned rebuild can switch failed; trying again');
          this.checkSwitchLater(runner);
        });
    }, SWITCH_CHECK_MS);
    timer.unref();
    this.switchChecks.set(key, timer);
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

  /** Stops a generation's runners, deletes its groups and documents, and forgets it. */
  private async retire(generation: Generation): Promise<void> {
    await this.closeRunners(generation);
    await this.generations.drop(generation);
    this.retiring.delete(generationKey(generation));
  }

  /** Closes the runners of a generation's parts that run here. */
  private async closeRunners(generation: Generation): Promise<void> {
    for (const part of partsOf(generation)) {
      const key = generationKey(part);
      await this.runners.get(key)?.close();
      this.runners.delete(key);
    }
  }
}
