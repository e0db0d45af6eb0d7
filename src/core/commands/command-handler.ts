import { STDERR_LOG, type Log } from '../log.js';
import type { EventStreams } from '../ports/event-streams.js';
import { WrongExpectedRevisionError } from '../ports/event-store-errors.js';
import type { WriteReceipt } from '../consistency/write-receipt.js';
import type { Aggregate, DomainEvent } from './aggregate.js';
import { eventMetadata, type CommandContext } from './command-context.js';
import { KeyedQueue } from './keyed-queue.js';
import { StreamStates, type LoadedState } from './stream-states.js';

export interface HandleOptions {
  /**
   * Retry on a concurrent write to the same stream by another process, re-reading and deciding
   * again. Safe only when deciding again against the newer state is what the caller means (a
   * stock level, a product's fields), not when the command was decided against what the user saw.
   */
  readonly retryOnConflict?: boolean;
}

export interface CommandHandlerOptions {
  /** How long a retried command keeps trying after conflicts before it answers with the conflict. */
  readonly conflictBudgetMs: number;
  /** Streams whose folded state is kept in memory. */
  readonly cachedStreams: number;
  /** Events folded between two snapshots of an aggregate that keeps them. */
  readonly snapshotEvery: number;
  readonly log: Log;
}

const DEFAULTS: CommandHandlerOptions = { conflictBudgetMs: 5_000, cachedStreams: 10_000, snapshotEvery: 100, log: STDERR_LOG };

/**
 * Loads a stream's state, decides, and appends at the revision it loaded: a concurrent writer
 * makes the append fail rather than interleave. Commands on one stream queue in this process,
 * so they never conflict with each other here; a conflict can only come from another process,
 * and a command that is safe to decide again retries it with jittered backoff until its time
 * budget ends. Every event carries the command's correlation and causation ids, and the
 * command's idempotency key, when it has one, is recorded with the append.
 */
export class CommandHandler {
  private readonly queue = new KeyedQueue();
  private readonly states: StreamStates;
  private readonly options: CommandHandlerOptions;

  constructor(
    private readonly store: EventStreams,
    options: Partial<CommandHandlerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.states = new StreamStates(store, { capacity: this.options.cachedStreams, snapshotEvery: this.options.snapshotEvery, log: this.options.log });
  }

  /** The current state of another stream a decision depends on (an order's customer, say). */
  load<State>(stream: string, aggregate: Aggregate<State>): Promise<LoadedState<State>> {
    return this.states.load(stream, aggregate);
  }

  handle<State>(
    stream: string,
    aggregate: Aggregate<State>,
    decide: (state: State) => readonly DomainEvent[],
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<WriteReceipt> {
    return this.queue.run(stream, async () => {
      const deadline = Date.now() + this.options.conflictBudgetMs;
      for (let attempt = 1; ; attempt += 1) {
        const loaded = await this.states.load(stream, aggregate);
        const { state, revision } = loaded;
        const events = decide(state);
        const metadata = eventMetadata(context);
        try {
          const result = await this.store.appendToStream(
            stream,
            events.map((event) => ({ type: event.type, data: event.data, metadata })),
            { expectedRevision: revision, ...(context.idempotency ? { idempotency: context.idempotency } : {}) },
          );
          this.states.appended(stream, aggregate, loaded, result.recorded);
          return { position: result.position, eventTypes: events.map((event) => event.type), stream };
        } catch (error) {
          const retry = error instanceof WrongExpectedRevisionError && options.retryOnConflict && Date.now() < deadline;
          if (!retry) throw error;
          await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
        }
      }
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
