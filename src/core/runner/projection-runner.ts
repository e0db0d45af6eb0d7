import type { RecordedEvent } from '../events.js';
import { STDERR_LOG, type Log } from '../log.js';
import type { EventTypeFilter } from '../ports/event-type-filter.js';
import { CheckpointMovedError, LeaseLostError } from '../ports/read-model-errors.js';
import type { CheckpointState } from '../ports/read-model-store.js';
import { filterFor } from '../projections/event-filter.js';
import { generationKey, type Generation } from '../projections/generation.js';
import { comparePositions, formatPosition, type Position } from '../position.js';
import { BatchProcessor, type BatchOutcome, type PreparedBatch } from './batch-processor.js';
import type { CarriedDocuments } from './document-overlay.js';
import { catchUp, catchUpOverlapped, type CatchUpTarget } from './catch-up.js';
import { GenerationLease } from './generation-lease.js';
import type { RunnerDependencies } from './runner-dependencies.js';
import { changeOf } from './change-of.js';
import { followGroup } from './follow-group.js';
import { followSubscription } from './follow-subscription.js';
import type { LiveTarget } from './live-target.js';
import type { RunnerOptions } from './runner-options.js';
import type { RunnerState, RunnerView, StoppedAt } from './runner-view.js';
import { DocumentCache } from './document-cache.js';
import { eventLogFields, logParked } from './parked-log.js';
import { sleep } from './retry-handler.js';

export type { RunnerState, StoppedAt } from './runner-view.js';
export type { RunnerOptions } from './runner-options.js';
export type { RunnerDependencies } from './runner-dependencies.js';

export interface RunnerHooks {
  /** After each commit while catching up; `atHead` when a read found nothing more. Returns true to go on. */
  readonly caughtUp?: (runner: ProjectionRunner, atHead: boolean) => Promise<boolean>;
  readonly stopped?: (runner: ProjectionRunner, at: StoppedAt) => void;
}

const MAX_BACKOFF_MS = 5_000;
/** Documents a runner keeps in memory between batches. */
const DOCUMENT_CACHE_SIZE = 4_000;

/**
 * Keeps one generation of a projection up to date: catches up from its checkpoint with
 * `readAll`, then follows live events (`followGroup` or `followSubscription`). Events are always
 * applied in `$all` order. A failure of the store or the event store is retried with backoff
 * from the stored checkpoint, forever; nothing is skipped.
 */
export class ProjectionRunner {
  private runState: RunnerState = 'starting';
  private state: CheckpointState = { position: undefined, commits: 0 };
  private blocked = new Map<string, Position>();
  private readonly filter: EventTypeFilter;
  private readonly processor: BatchProcessor;
  private readonly cache = new DocumentCache(DOCUMENT_CACHE_SIZE);
  private closing = false;
  private wake: () => void = () => undefined;
  private interrupted = this.nextInterruption();
  private subscription: { close(): Promise<void> } | undefined;
  private loop: Promise<void> | undefined;
  private lastErrorValue: { message: string; at: Date } | undefined;
  private stoppedAtValue: StoppedAt | undefined;
  private readonly lease: GenerationLease | undefined;
  private eventsApplied = 0;
  private startedAt = performance.now();
  private readonly log: Log;
  /** The batch being applied, for the error line if it fails. */
  private batchRange: { readonly from: Position | undefined; readonly to: Position } | undefined;

  constructor(
    private readonly deps: RunnerDependencies,
    readonly generation: Generation,
    private readonly options: RunnerOptions,
    private readonly hooks: RunnerHooks = {},
  ) {
    this.filter = filterFor(generation.projection);
    this.log = (deps.log ?? STDERR_LOG).child({ projection: generation.projection.name, generation: generation.generation });
    this.processor = new BatchProcessor(deps.readModels, generation, { cache: this.cache });
    const lease = deps.lease;
    this.lease = lease && new GenerationLease(lease.leases, generationKey(generation), lease.owner, lease.ttlMs, () => this.leaseLost(), lease.share);
  }

  get runnerState(): RunnerState {
    return this.runState;
  }

  get checkpoint(): CheckpointState {
    return this.state;
  }

  get lastError(): { message: string; at: Date } | undefined {
    return this.lastErrorValue;
  }

  get stoppedAt(): StoppedAt | undefined {
    return this.stoppedAtValue;
  }

  /** Events applied since this runner started. */
  applied(): number {
    return this.eventsApplied;
  }

  /** Events applied per second since this runner started. */
  rate(): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return seconds > 0 ? Math.round(this.eventsApplied / seconds) : 0;
  }

  /** This runner's state as plain data, for a status report. */
  view(): RunnerView {
    return { state: this.runState, checkpoint: this.state, lastError: this.lastErrorValue, stoppedAt: this.stoppedAtValue, eventsPerSecond: this.rate() };
  }

  start(): void {
    this.startedAt = performance.now();
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake();
    await this.subscription?.close();
    await this.loop;
    await this.lease?.release();
    this.runState = 'closed';
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.closing; attempt += 1) {
      try {
        const waiting = () => (this.runState = 'standby');
        if (this.lease && this.lease.epoch === undefined && !(await this.lease.acquire(() => this.closing, () => this.interrupted, waiting))) return;
        await this.deps.readModels.prepare(this.generation);
        await this.reload();
        this.runState = 'catching_up';
        if (!(await this.catchUp())) return;
        if (this.closing) return;
        this.runState = 'live';
        this.log.info({ checkpoint: this.state.position && formatPosition(this.state.position) }, 'caught up; following live events');
        const target = this.liveTarget();
        await (this.options.live === 'persistent' ? followGroup(this.deps.eventStore.persistentSubscriptions, target) : followSubscription(this.deps.eventStore, target));
        // Not closing: the lease went to another worker, or the subscription ended. Start over.
        attempt = -1;
      } catch (error) {
        if (this.closing) return;
        if (error instanceof LeaseLostError) {
          this.log.info({ owner: this.deps.lease?.owner }, 'lost the generation\'s lease to another worker; standing by');
          this.lease?.forget();
          attempt = -1;
          continue;
        }
        if (error instanceof StopProjection) {
          this.runState = 'stopped';
          this.stoppedAtValue = error.at;
          this.log.error({ ...eventLogFields(error.at.event), error: error.at.error }, 'stopped: an event kept failing and the projection\'s policy is to stop');
          this.hooks.stopped?.(this, error.at);
          return;
        }
        if (error instanceof CheckpointMovedError) {
          attempt = -1;
          continue;
        }
        this.runState = 'failed';
        this.lastErrorValue = { message: error instanceof Error ? error.message : String(error), at: new Date() };
        const retryInMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
        const batch = this.batchRange && { from: this.batchRange.from && formatPosition(this.batchRange.from), to: formatPosition(this.batchRange.to) };
        this.log.error({ err: error, checkpoint: this.state.position && formatPosition(this.state.position), batch, attempt: attempt + 1, retryInMs }, 'the projection failed; retrying from its checkpoint');
        this.batchRange = undefined;
        await Promise.race([sleep(retryInMs), this.interrupted]);
      }
    }
  }

  /**
   * Starts over from what the store holds: its checkpoint and parked events, and none of the
   * documents cached before, which another worker may have changed since.
   */
  private async reload(): Promise<void> {
    this.cache.clear();
    this.state = await this.deps.readModels.checkpoint(this.generation);
    this.blocked = new Map();
    for (const parked of await this.deps.readModels.parked(this.generation)) {
      if (!this.blocked.has(parked.streamId)) this.blocked.set(parked.streamId, parked.position);
    }
  }

  /** Catches up to the head of `$all`, overlapping commits where the store is a server away. False when a hook says stop. */
  private catchUp(): Promise<boolean> {
    const target: CatchUpTarget = {
      batchSize: this.options.catchUpBatchSize,
      gate: this.deps.catchUpGate,
      stopping: () => this.closing,
      checkpoint: () => this.state,
      readAfter: (position, maxCount) => this.readAfter(position, maxCount),
      prepare: (events, basedOn, carried, handled) => this.prepare(events, events[events.length - 1]!.position, basedOn, carried, handled),
      commit: async (events, prepared) => this.committed(events, await this.processor.commit(prepared), prepared.startedAt),
      caughtUp: async (atHead) => (this.hooks.caughtUp ? this.hooks.caughtUp(this, atHead) : true),
    };
    return this.deps.readModels.capabilities.remote.includes(this.generation.projection.target.kind) ? catchUpOverlapped(target) : catchUp(target);
  }

  /** What the live modes may do with this runner. */
  private liveTarget(): LiveTarget {
    return {
      generation: this.generation,
      filter: this.filter,
      options: this.options,
      position: () => this.state.position,
      stopping: () => this.closing,
      interruption: () => this.interrupted,
      apply: (events, checkpoint) => this.apply(events, checkpoint),
      applyUpTo: (last) => this.applyUpTo(last),
      holding: (subscription) => (this.subscription = subscription),
    };
  }

  /** Applies events (in order) and moves the checkpoint to `checkpoint`; publishes the change. */
  private async apply(events: RecordedEvent[], checkpoint: Position): Promise<void> {
    const prepared = await this.prepare(events, checkpoint, this.state.commits);
    this.committed(events, await this.processor.commit(prepared), prepared.startedAt);
  }

  /** Handles a batch that will be based on `basedOn` commits, reading first what `carried` holds (see BatchProcessor.prepare). */
  private async prepare(events: RecordedEvent[], checkpoint: Position, basedOn: number, carried?: CarriedDocuments, handled?: () => void): Promise<PreparedBatch> {
    const epoch = this.lease?.epoch;
    if (this.lease && epoch === undefined) throw new LeaseLostError(generationKey(this.generation), 0);
    this.batchRange = { from: events[0]?.position, to: checkpoint };
    return this.processor.prepare(
      { events, checkpoint, basedOn, blockedStreams: this.blocked, ...(epoch !== undefined ? { epoch } : {}), ...(handled ? { handled } : {}) },
      carried,
    );
  }

  /** After a commit: the checkpoint moves, the change is published, metered and logged; a stop is raised. */
  private committed(events: RecordedEvent[], outcome: BatchOutcome, started: number): void {
    if (outcome.batch) {
      this.state = { position: outcome.batch.checkpoint, commits: this.state.commits + 1 };
      const applied = outcome.batch.checkpoint;
      // A partition passes by the other partitions' events: they are not counted as applied.
      const count = events.filter((event) => comparePositions(event.position, applied) <= 0 && this.processor.owns(event)).length;
      this.eventsApplied += count;
      this.deps.notifier.publish(changeOf(this.generation, outcome.batch));
      this.deps.meter?.batchCommitted(this.generation, { events: count, parked: outcome.batch.parked.length, seconds: (performance.now() - started) / 1000 });
      logParked(this.log, events, outcome.batch.parked);
    }
    this.batchRange = undefined;
    if (outcome.stoppedAt) throw new StopProjection({ event: outcome.stoppedAt.event, error: outcome.stoppedAt.error.message });
  }

  private async readAfter(position: Position | undefined, maxCount: number): Promise<RecordedEvent[]> {
    const events = await this.deps.eventStore.readAll({ fromPosition: position ?? 'start', maxCount: maxCount + 1, filter: this.filter });
    const after = position ? events.filter((e) => comparePositions(e.position, position) > 0) : events;
    return after.slice(0, maxCount);
  }

  /** Applies every event of the projection after the checkpoint up to `last`, a batch at a time. */
  private async applyUpTo(last: Position): Promise<void> {
    for (;;) {
      const page = await this.readAfter(this.state.position, this.options.batchSize);
      const events = page.filter((event) => comparePositions(event.position, last) <= 0);
      const complete = events.length < this.options.batchSize;
      await this.apply(events, complete ? last : events[events.length - 1]!.position);
      if (complete) return;
    }
  }

  /** Another worker took the lease: stop following, and wait for it again. */
  private leaseLost(): void {
    void this.subscription?.close();
    this.wake();
  }

  private nextInterruption(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        resolve();
        this.interrupted = this.nextInterruption();
      };
    });
  }
}

class StopProjection extends Error {
  constructor(readonly at: StoppedAt) {
    super(at.error);
  }
}
