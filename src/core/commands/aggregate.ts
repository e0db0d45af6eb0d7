import type { JsonObject, RecordedEvent } from '../events.js';

/** An event as the domain states it, before the store gives it a place. */
export interface DomainEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * How a stream's events fold into the state a decision needs. `evolve` returns a new state and
 * never changes the one it is given: states are cached and shared between commands.
 */
export interface Aggregate<State> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: RecordedEvent) => State;
  /**
   * For a stream that grows without bound (a product's stock changes): its state is kept in
   * snapshots, so that loading it reads a bounded number of events. The state must then be
   * JSON; `version` changes whenever its shape does, and older snapshots are ignored.
   */
  readonly snapshots?: { readonly version: number };
}
