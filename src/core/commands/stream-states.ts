import type { JsonValue, RecordedEvent } from '../events.js';
import type { Log } from '../log.js';
import type { EventStreams } from '../ports/event-streams.js';
import type { Aggregate } from './aggregate.js';

export interface LoadedState<State> {
  readonly state: State;
  /** The revision the state reflects: the expected revision of the next append. */
  readonly revision: bigint | 'no_stream';
}

interface Entry {
  readonly aggregate: Aggregate<unknown>;
  readonly state: unknown;
  readonly revision: bigint | 'no_stream';
  /** Events folded since the last snapshot. */
  readonly sinceSnapshot: number;
}

export interface StreamStatesOptions {
  /** Streams whose state is kept in memory, the most recently used ones. */
  readonly capacity: number;
  /** An aggregate with snapshots gets a new one once this many events were folded since the last. */
  readonly snapshotEvery: number;
  /** Where a snapshot that could not be written is told. */
  readonly log: Log;
}

export const SNAPSHOT_EVENT_TYPE = '$snapshot';

/** Where a stream's snapshots go: a stream of their own, read newest first. `$`-typed, so never in `$all`. */
export function snapshotStream(stream: string): string {
  return `snapshot-${stream}`;
}

/**
 * The folded state of streams, as cheap to load as it can be: a state kept in memory is
 * brought up to date by reading only the events after it (checked against the stream's
 * revision, so a write by another process is never missed); a state not in memory starts
 * from the stream's latest snapshot when its aggregate keeps them. A stream that grows without
 * bound therefore costs the same to load on its millionth event as on its tenth.
 */
export class StreamStates {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: EventStreams,
    private readonly options: StreamStatesOptions,
  ) {}

  async load<State>(stream: string, aggregate: Aggregate<State>): Promise<LoadedState<State>> {
    const known = this.entries.get(stream);
    const start = known?.aggregate === aggregate ? known : await this.fromSnapshot(stream, aggregate);
    const events = await this.store.readStream(stream, { fromRevision: start.revision === 'no_stream' ? 'start' : start.revision + 1n });
    const entry: Entry =
      events.length === 0
        ? start
        : {
            aggregate: aggregate as Aggregate<unknown>,
            state: events.reduce((state, event) => aggregate.evolve(state as State, event), start.state as State),
            revision: events[events.length - 1]!.revision,
            sinceSnapshot: start.sinceSnapshot + events.length,
          };
    this.remember(stream, entry);
    if (aggregate.snapshots && entry.sinceSnapshot >= this.options.snapshotEvery) void this.snapshot(stream, entry, aggregate.snapshots.version);
    return { state: entry.state as State, revision: entry.revision };
  }

  /**
   * What this process just appended to a stream at the revision it loaded: folded into the
   * cached state, so that the next load reads nothing it wrote itself. Only when the store
   * returned the events as stored, and they follow the loaded revision; otherwise the next load
   * reads them.
   */
  appended<State>(stream: string, aggregate: Aggregate<State>, loaded: LoadedState<State>, recorded: readonly RecordedEvent[] | undefined): void {
    const known = this.entries.get(stream);
    const first = loaded.revision === 'no_stream' ? 0n : loaded.revision + 1n;
    if (!recorded || recorded.length === 0 || known?.aggregate !== aggregate || known.revision !== loaded.revision || recorded[0]!.revision !== first) return;
    this.remember(stream, {
      aggregate: known.aggregate,
      state: recorded.reduce((state, event) => aggregate.evolve(state as State, event), known.state as State),
      revision: recorded[recorded.length - 1]!.revision,
      sinceSnapshot: known.sinceSnapshot + recorded.length,
    });
  }

  private async fromSnapshot<State>(stream: string, aggregate: Aggregate<State>): Promise<Entry> {
    const empty: Entry = { aggregate: aggregate as Aggregate<unknown>, state: aggregate.initialState(), revision: 'no_stream', sinceSnapshot: 0 };
    if (!aggregate.snapshots) return empty;
    const [latest] = await this.store.readStream(snapshotStream(stream), { direction: 'backwards', maxCount: 1 });
    const snapshot = latest?.data as { version?: unknown; revision?: unknown; state?: unknown } | undefined;
    if (snapshot?.version !== aggregate.snapshots.version || typeof snapshot.revision !== 'string') return empty;
    return { ...empty, state: snapshot.state, revision: BigInt(snapshot.revision) };
  }

  /** Written after the command, outside its path: a lost snapshot only means a longer read next time. */
  private async snapshot(stream: string, entry: Entry, version: number): Promise<void> {
    this.remember(stream, { ...entry, sinceSnapshot: 0 });
    try {
      const data = { version, revision: String(entry.revision), state: entry.state as JsonValue };
      await this.store.appendToStream(snapshotStream(stream), [{ type: SNAPSHOT_EVENT_TYPE, data }]);
    } catch (error) {
      this.options.log.warn({ stream, err: error }, 'a snapshot was not written; the stream is read from its start next time');
    }
  }

  private remember(stream: string, entry: Entry): void {
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    if (this.entries.size > this.options.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
