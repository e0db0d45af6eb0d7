import { hostname } from 'node:os';
import type { RecordedEvent } from '../events.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { AllEvents } from '../ports/all-events.js';
import type { EventTypeFilter } from '../ports/event-type-filter.js';
import { PersistentSubscriptionExistsError } from '../ports/event-store-errors.js';
import type { PersistentEvent, PersistentSubscription, PersistentSubscriptions } from '../ports/persistent-subscriptions.js';
import { CheckpointMovedError } from '../ports/read-model-errors.js';
import type { CheckpointState, ReadModelStore } from '../ports/read-model-store.js';
import { filterFor } from '../projections/event-filter.js';
import { groupOf, type Generation } from '../projections/generation.js';
import { comparePositions, maxPosition, type Position } from '../position.js';
import { BatchProcessor } from './batch-processor.js';
import { Batcher } from './batcher.js';
import type { CatchUpGate } from './catch-up-gate.js';
import { DocumentCache } from './document-cache.js';
import { sleep } from './retry-handler.js';

export interface RunnerOptions {
  /** Most events in one live batch. */
  readonly batchSize: number;
  /** Most events in one batch while catching up (rebuilds): larger batches merge more writes. */
  readonly catchUpBatchSize: number;
  /** How long a live batch waits for more events after its first; 0 takes only what is there. */
  readonly batchWaitMs: number;
  /**
   * How live events arrive: through a persistent subscription group per generation (workers
   * fail over through it), or a catch-up subscription (one process).
   */
  readonly live: 'persistent' | 'subscription';
}

export interface RunnerDependencies {
  /** `$all`, and the subscription groups live events come through. */
  readonly eventStore: AllEvents & { readonly persistentSubscriptions: PersistentSubscriptions };
  readonly readModels: ReadModelStore;
  readonly notifier: ChangeNotifier;
  /** Shared by the runners of a process, so that they catch up one batch at a time. */
  readonly catchUpGate?: CatchUpGate;
}

export type RunnerState = 'starting' | 'catching_up' | 'live' | 'stopped' | 'failed' | 'closed';

/** Why a runner stopped on its own: its policy says stop, and this event kept failing. */
export interface StoppedAt {
  readonly event: RecordedEvent;
  readonly error: string;
}

export interface RunnerHooks {
  /** After each commit while catching up; `atHead` when a read found nothing more. Returns true to go on. */
  readonly caughtUp?: (runner: ProjectionRunner, atHead: boolean) => Promise<boolean>;
  readonly stopped?: (runner: ProjectionRunner, at: StoppedAt) => void;
}

const MAX_BACKOFF_MS = 5_000;
/** Documents a runner keeps in memory between batches. */
const DOCUMENT_CACHE_SIZE = 1_000;

/**
 * Keeps one generation of a projection up to date: catches up from its checkpoint with
 * `readAll`, then follows live events. Events are always applied in `$all` order: a live
 * delivery only tells the runner how far to read, and the events up to there are read from
 * `$all` (persistent subscriptions promise no order). Deliveries at or below the checkpoint
 * are acknowledged without being applied. A failure of the store or the event store is retried
 * with backoff from the stored checkpoint, forever; nothing is skipped.
 */
export class ProjectionRunner {
  private runState: RunnerState = 'starting';
  private state: CheckpointState = { position: undefined, commits: 0 };
  private blocked = new Map<string, Position>();
  private readonly filter: EventTypeFilter;
  private readonly processor: BatchProcessor;
  private closing = false;
  private wake: () => void = () => undefined;
  private interrupted = this.nextInterruption();
  private subscription: PersistentSubscription | { close(): Promise<void> } | undefined;
  private loop: Promise<void> | undefined;
  private lastErrorValue: { message: string; at: Date } | undefined;
  private stoppedAtValue: StoppedAt | undefined;
  private eventsApplied = 0;
  private startedAt = performance.now();

  constructor(
    private readonly deps: RunnerDependencies,
    readonly generation: Generation,
    private readonly options: RunnerOptions,
    private readonly hooks: RunnerHooks = {},
  ) {
    this.filter = filterFor(generation.projection);
    this.processor = new BatchProcessor(deps.readModels, generation, { cache: new DocumentCache(DOCUMENT_CACHE_SIZE) });
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


  start(): void {
    this.startedAt = performance.now();
    this.loop ??= this.run();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake();
    await this.subscription?.close();
    await this.loop;
    this.runState = 'closed';
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.closing; attempt += 1) {
      try {
        await this.deps.readModels.prepare(this.generation);
        await this.reload();
        this.runState = 'catching_up';
        if (!(await this.catchUp())) return;
        if (this.closing) return;
        this.runState = 'live';
        await (this.options.live === 'persistent' ? this.followGroup() : this.followSubscription());
        return;
      } catch (error) {
        if (this.closing) return;
        if (error instanceof StopProjection) {
          this.runState = 'stopped';
          this.stoppedAtValue = error.at;
          this.hooks.stopped?.(this, error.at);
          return;
        }
        if (error instanceof CheckpointMovedError) {
          attempt = -1;
          continue;
        }
        this.runState = 'failed';
        this.lastErrorValue = { message: error instanceof Error ? error.message : String(error), at: new Date() };
        await Promise.race([sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt)), this.interrupted]);
      }
    }
  }

  private async reload(): Promise<void> {
    this.state = await this.deps.readModels.checkpoint(this.generation);
    this.blocked = new Map();
    for (const parked of await this.deps.readModels.parked(this.generation)) {
      if (!this.blocked.has(parked.streamId)) this.blocked.set(parked.streamId, parked.position);
    }
  }

  /** Reads `$all` from the checkpoint until nothing is left. False when a hook says stop. */
  private async catchUp(): Promise<boolean> {
    const gate = this.deps.catchUpGate;
    while (!this.closing) {
      const batch = async (handled?: () => void) => {
        const events = await this.readAfter(this.state.position, this.options.catchUpBatchSize);
        if (events.length > 0) await this.apply(events, events[events.length - 1]!.position, handled);
        return events.length;
      };
      const applied = gate ? await gate.run(batch) : await batch();
      if (applied === 0) return this.hooks.caughtUp ? this.hooks.caughtUp(this, true) : true;
      if (this.hooks.caughtUp && !(await this.hooks.caughtUp(this, false))) return false;
    }
    return false;
  }

  private async followGroup(): Promise<void> {
    const subscriptions = this.deps.eventStore.persistentSubscriptions;
    await subscriptions
      .create(
        groupOf(this.generation),
        {
          startFrom: this.state.position ?? 'start',
          consumerStrategy: 'DispatchToSingle',
          messageTimeoutMs: 60_000,
          maxRetryCount: 1_000,
          liveBufferSize: Math.max(500, this.options.batchSize * 2),
        },
        this.filter,
      )
      .catch((error: unknown) => {
        if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
      });
    const subscription = subscriptions.subscribe(groupOf(this.generation), { bufferSize: this.options.batchSize, name: `${hostname()}:${process.pid}` });
    this.subscription = subscription;
    const batcher = new Batcher<PersistentEvent>(subscription[Symbol.asyncIterator]());
    try {
      while (!this.closing && !batcher.ended) {
        const delivered = await batcher.next(this.options.batchSize, this.options.batchWaitMs, this.interrupted);
        if (delivered.length === 0) continue;
        const furthest = delivered.map((d) => d.event.position).reduce(maxPosition);
        if (!this.state.position || comparePositions(furthest, this.state.position) > 0) await this.applyUpTo(furthest);
        await subscription.ack(delivered);
      }
    } finally {
      await subscription.close();
    }
  }

  private async followSubscription(): Promise<void> {
    const subscription = this.deps.eventStore.subscribeToAll({ fromPosition: this.state.position ?? 'start', filter: this.filter });
    this.subscription = subscription;
    const batcher = new Batcher(subscription[Symbol.asyncIterator]());
    try {
      while (!this.closing && !batcher.ended) {
        const messages = await batcher.next(this.options.batchSize, this.options.batchWaitMs, this.interrupted);
        const events = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
        const furthest = messages.flatMap((m) => (m.kind === 'caughtUp' ? [] : [m.kind === 'event' ? m.event.position : m.position]));
        if (furthest.length === 0) continue;
        await this.apply(events, furthest.reduce(maxPosition));
      }
    } finally {
      await subscription.close();
    }
  }

  /** Applies events (in order) and moves the checkpoint to `checkpoint`; publishes the change. `handled` is called before the commit. */
  private async apply(events: RecordedEvent[], checkpoint: Position, handled?: () => void): Promise<void> {
    const outcome = await this.processor.process({ events, checkpoint, basedOn: this.state.commits, blockedStreams: this.blocked, ...(handled ? { handled } : {}) });
    if (outcome.batch) {
      this.state = { position: outcome.batch.checkpoint, commits: this.state.commits + 1 };
      const applied = outcome.batch.checkpoint;
      this.eventsApplied += events.filter((event) => comparePositions(event.position, applied) <= 0).length;
      this.deps.notifier.publish({
        projection: this.generation.projection.name,
        generation: this.generation.generation,
        position: outcome.batch.checkpoint,
        documentIds: outcome.batch.documentIds,
        correlationIds: outcome.batch.correlationIds,
        correlations: outcome.batch.correlations,
      });
    }
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
