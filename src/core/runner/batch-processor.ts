import { correlationIdOf, type RecordedEvent } from '../events.js';
import type { DocumentOperation } from '../projections/document-operations.js';
import type { Generation } from '../projections/generation.js';
import { partitionOf } from '../projections/partition-of.js';
import { DEFAULT_FAILURE_POLICY, type FailurePolicy } from '../projections/projection.js';
import type { Batch, ParkedEvent, ReadModelStore } from '../ports/read-model-store.js';
import { formatPosition, type Position } from '../position.js';
import type { DocumentCache } from './document-cache.js';
import { DocumentOverlay, type CarriedDocuments } from './document-overlay.js';
import { runHandler } from './retry-handler.js';

export interface BatchInput {
  /** The projection's events, in `$all` order. */
  readonly events: readonly RecordedEvent[];
  /** Where the checkpoint goes if the whole batch is handled (at least the last event's position). */
  readonly checkpoint: Position;
  readonly basedOn: number;
  /** The writer's lease epoch, checked by the commit (see Batch.epoch). */
  readonly epoch?: number;
  /** Streams with a parked event: their events are parked behind it. Updated as events are parked. */
  readonly blockedStreams: Map<string, Position>;
  /** Called once the handlers have run, before a commit that is a round trip (a remote store): the thread is free meanwhile. */
  readonly handled?: () => void;
}

/** A batch handled and not yet committed. */
export interface PreparedBatch {
  /** When handling began (`performance.now()`), for the batch's duration. */
  readonly startedAt: number;
  /** What to commit; undefined when the very first event stopped the projection. */
  readonly batch: Batch | undefined;
  readonly stoppedAt?: { readonly event: RecordedEvent; readonly error: Error };
  /**
   * The documents as this batch leaves them, for the next batch to be handled while this one
   * commits; undefined when it changes documents in place (deltas), whose result only the
   * store knows: the next batch then waits for this one's commit.
   */
  readonly carried: CarriedDocuments | undefined;
}

export interface BatchOutcome {
  /** What was committed; undefined when the very first event stopped the projection. */
  readonly batch: Batch | undefined;
  /** Set when the policy is `stop` and an event kept failing: the batch ends before it. */
  readonly stoppedAt?: { readonly event: RecordedEvent; readonly error: Error };
}

/**
 * Applies one batch of events to a generation and commits it with its checkpoint. Handlers run
 * in event order against an in-memory overlay; an event that keeps failing is parked with its
 * error (and its stream's later events behind it), or stops the batch, per the policy.
 */
export class BatchProcessor {
  private readonly policy: FailurePolicy;
  /** For one partition of a partitioned projection: the events of its streams; the others pass by, moving only the checkpoint. */
  private readonly mine: (event: RecordedEvent) => boolean;

  constructor(
    private readonly store: ReadModelStore,
    private readonly generation: Generation,
    private readonly options: { readonly wait?: (ms: number) => Promise<void>; readonly cache?: DocumentCache } = {},
  ) {
    this.policy = generation.projection.failurePolicy ?? DEFAULT_FAILURE_POLICY;
    const { partition } = generation;
    const count = generation.projection.partitions ?? 1;
    this.mine = partition === undefined ? () => true : (event) => partitionOf(event.streamId, count) === partition;
  }

  /** True for the events this generation (or partition) applies: all of them, unless it is one partition of several. */
  owns(event: RecordedEvent): boolean {
    return this.mine(event);
  }

  async process(input: BatchInput): Promise<BatchOutcome> {
    return this.commit(await this.prepare(input));
  }

  /**
   * Handles a batch without committing it. `carried` holds the documents as the batch before
   * left them, when that batch is still committing (see PreparedBatch.carried): this one reads
   * them there rather than from the store, which does not hold them yet.
   */
  async prepare(input: BatchInput, carried?: CarriedDocuments): Promise<PreparedBatch> {
    const startedAt = performance.now();
    const overlay = new DocumentOverlay(this.store, this.generation, this.options.cache, carried);
    const context = { get: (collection: string, id: string) => overlay.get(collection, id) };
    const parked: ParkedEvent[] = [];
    const correlations = new Correlations();
    const remote = this.store.capabilities.remote.includes(this.generation.projection.target.kind);
    if (remote && !this.store.knownEmpty?.(this.generation)) await overlay.prefetch(await this.discover(input));
    let checkpoint: Position | undefined = input.checkpoint;
    let stoppedAt: BatchOutcome['stoppedAt'];

    for (const [index, event] of input.events.entries()) {
      if (!this.mine(event)) continue;
      const blockedBy = input.blockedStreams.get(event.streamId);
      if (blockedBy) {
        parked.push(parkedRecord(event, `behind parked event ${formatPosition(blockedBy)} of stream ${event.streamId}`, 0));
        continue;
      }
      const handler = this.generation.projection.handlers[event.type];
      if (!handler) continue;
      const outcome = await runHandler(handler, event, context, this.policy, this.options.wait);
      if (outcome.ok) {
        await overlay.apply(event, outcome.operations, false);
        correlations.record(event, outcome.operations);
      } else if (this.policy.onExhausted === 'park') {
        parked.push(parkedRecord(event, outcome.error.message, outcome.attempts));
        input.blockedStreams.set(event.streamId, event.position);
      } else {
        stoppedAt = { event, error: outcome.error };
        checkpoint = input.events[index - 1]?.position;
        break;
      }
    }

    if (remote) input.handled?.();
    const batch =
      checkpoint === undefined
        ? undefined
        : batchOf(overlay, { checkpoint, basedOn: input.basedOn, ...(input.epoch !== undefined ? { epoch: input.epoch } : {}), parked, unparked: [], correlations });
    return { startedAt, batch, ...(stoppedAt ? { stoppedAt } : {}), carried: batch && batch.deltas.length === 0 ? overlay.carried() : undefined };
  }

  /** Commits a prepared batch; on success the runner's cache holds what it wrote, on failure nothing. */
  async commit(prepared: PreparedBatch): Promise<BatchOutcome> {
    const { batch, stoppedAt } = prepared;
    if (batch) await this.store_(batch);
    return { batch, ...(stoppedAt ? { stoppedAt } : {}) };
  }

  /**
   * Finds the documents a batch will touch, to load them in one call per collection: runs the
   * handlers once against an empty context (handlers are plain functions), noting what they
   * read and write. A document only found out in the real pass (read through another one) is
   * loaded then; nothing here is applied.
   */
  private async discover(input: BatchInput): Promise<Map<string, Set<string>>> {
    const wanted = new Map<string, Set<string>>();
    const note = (collection: string, id: string) => {
      const ids = wanted.get(collection) ?? new Set<string>();
      wanted.set(collection, ids.add(id));
    };
    const context = {
      get: async (collection: string, id: string) => {
        note(collection, id);
        return undefined;
      },
    };
    for (const event of input.events) {
      const handler = this.generation.projection.handlers[event.type];
      if (!handler || !this.mine(event) || input.blockedStreams.has(event.streamId)) continue;
      try {
        const result = await handler(event as RecordedEvent<never>, context);
        for (const operation of result === undefined ? [] : Array.isArray(result) ? result : [result as DocumentOperation]) note(operation.collection, operation.id);
      } catch {
        // A handler that needs a document it could not see: its real run will load it.
      }
    }
    return wanted;
  }

  /**
   * Applies parked events of one stream again, in order, each at most once: they are marked on
   * every document they change. One that fails again stays parked, and so do those after it.
   */
  async replay(parkedEvents: readonly RecordedEvent[], checkpoint: Position, basedOn: number): Promise<Batch> {
    const overlay = new DocumentOverlay(this.store, this.generation, this.options.cache);
    const context = { get: (collection: string, id: string) => overlay.get(collection, id) };
    const stillParked: ParkedEvent[] = [];
    const unparked: Position[] = [];
    const correlations = new Correlations();
    for (const event of parkedEvents) {
      if (stillParked.length > 0) break;
      const handler = this.generation.projection.handlers[event.type];
      if (!handler) {
        unparked.push(event.position);
        continue;
      }
      const outcome = await runHandler(handler, event, context, this.policy, this.options.wait);
      if (outcome?.ok) {
        await overlay.apply(event, outcome.operations, true);
        unparked.push(event.position);
        correlations.record(event, outcome.operations);
      } else {
        stillParked.push(parkedRecord(event, outcome.error.message, outcome.attempts));
      }
    }
    const batch = batchOf(overlay, { checkpoint, basedOn, parked: stillParked, unparked, correlations });
    await this.store_(batch);
    return batch;
  }

  private async store_(batch: Batch): Promise<void> {
    try {
      await this.store.commit(this.generation, batch);
    } catch (error) {
      this.options.cache?.clear();
      throw error;
    }
    this.options.cache?.remember(batch.writes);
    // A document changed in place is as the store made it: a copy remembered from an earlier batch (carried over) is behind.
    for (const delta of batch.deltas) this.options.cache?.forget(delta.collection, delta.id);
  }
}

function batchOf(
  overlay: DocumentOverlay,
  parts: Pick<Batch, 'checkpoint' | 'basedOn' | 'epoch' | 'parked' | 'unparked'> & { correlations: Correlations },
): Batch {
  const writes = overlay.writes();
  const deltas = overlay.pendingDeltas();
  const { correlations: _log, ...rest } = parts;
  return {
    ...rest,
    writes,
    deltas,
    documentIds: [...new Set([...writes.map((write) => write.document.id), ...deltas.map((delta) => delta.id)])],
    correlationIds: parts.correlations.ids(),
    correlations: parts.correlations.entries(),
  };
}

export function parkedRecord(event: RecordedEvent, error: string, attempts: number): ParkedEvent {
  return { position: event.position, streamId: event.streamId, eventId: event.id, eventType: event.type, error, attempts, parkedAt: new Date() };
}

/** Which documents each conversation's events touched, for notifications ("your order is visible"). */
class Correlations {
  private readonly documents = new Map<string, Set<string>>();

  record(event: RecordedEvent, operations: readonly DocumentOperation[]): void {
    const correlationId = correlationIdOf(event);
    if (!correlationId) return;
    const ids = this.documents.get(correlationId) ?? new Set<string>();
    for (const operation of operations) ids.add(operation.id);
    this.documents.set(correlationId, ids);
  }

  ids(): string[] {
    return [...this.documents.keys()];
  }

  entries(): { correlationId: string; documentIds: string[] }[] {
    return [...this.documents].map(([correlationId, ids]) => ({ correlationId, documentIds: [...ids] }));
  }
}
