import type { JsonObject, RecordedEvent } from '../events.js';
import type { EventStore } from '../ports/event-store.js';
import { WrongExpectedRevisionError } from '../ports/event-store-errors.js';
import { encodeToken } from '../consistency/consistency-token.js';
import type { Position } from '../position.js';
import { eventMetadata, type CommandContext } from './command-context.js';

/** An event as the domain states it, before the store gives it a place. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly type: Type;
  readonly data: Data;
}

/** How a stream's events fold into the state a decision needs. */
export interface Aggregate<State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: RecordedEvent) => State;
}

export interface HandleOptions {
  /**
   * Retry on a concurrent write to the same stream, re-reading and deciding again. Safe only
   * when deciding again against the newer state is what the caller means (a like, a stock
   * level), not when the command was decided against what the user saw.
   */
  readonly retryOnConflict?: boolean;
}

export interface CommandOutcome {
  readonly correlationId: string;
  readonly position: Position;
  readonly nextExpectedRevision: bigint;
  /** Opaque; a read given it waits until the projections behind it have seen this write. */
  readonly token: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Loads a stream, decides, and appends with the expected revision it loaded: a concurrent
 * writer makes the append fail rather than interleave. Every event carries the command's
 * correlation and causation ids.
 */
export class CommandHandler {
  constructor(private readonly store: EventStore) {}

  async load<State>(stream: string, aggregate: Aggregate<State>): Promise<{ state: State; revision: bigint | 'no_stream' }> {
    const events = await this.store.readStream(stream);
    const state = events.reduce(aggregate.evolve, aggregate.initialState());
    return { state, revision: events.length === 0 ? 'no_stream' : events[events.length - 1]!.revision };
  }

  async handle<State>(
    stream: string,
    aggregate: Aggregate<State>,
    decide: (state: State) => readonly DomainEvent[] | Promise<readonly DomainEvent[]>,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, revision } = await this.load(stream, aggregate);
      const events = await decide(state);
      const metadata = eventMetadata(context);
      try {
        const result = await this.store.appendToStream(
          stream,
          events.map((event) => ({ type: event.type, data: event.data, metadata })),
          { expectedRevision: revision },
        );
        const token = encodeToken({ position: result.position, eventTypes: events.map((event) => event.type), stream });
        return { correlationId: context.correlationId, position: result.position, nextExpectedRevision: result.nextExpectedRevision, token };
      } catch (error) {
        const retry = error instanceof WrongExpectedRevisionError && options.retryOnConflict && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }
}
