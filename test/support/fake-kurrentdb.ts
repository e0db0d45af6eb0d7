import { randomUUID } from 'node:crypto';
import { ANY, BACKWARDS, END, EVENT_TYPE, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError, type AppendStreamState, type KurrentDBClient } from '@kurrent/kurrentdb-client';

interface Stored {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: true;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position: { commit: bigint; prepare: bigint };
}

/**
 * An in-memory stand-in for the part of EventStoreDB's client that keeps streams: appends with
 * `streamState` checked as the server checks it, the server's idempotency on event ids, and
 * stream reads that throw `StreamNotFoundError` for a missing stream. Idempotency follows the
 * server's commit check: with `ANY` (or `STREAM_EXISTS`), ids already stored answer as the first
 * append did; with an expected revision behind the stream's end, ids stored right after it do;
 * at the stream's end (expected = current), the events are written again, ids or not (EventStoreDB's
 * `check_commit_with_next_expectedversion_should_return_ok_decision`). `readAll` reads every
 * stream in position order, with an event type filter applied as the server applies it. Errors
 * are the client's own classes. Enough to test the adapter's bookkeeping without a server.
 */
export class FakeKurrentDB {
  private readonly streams = new Map<string, Stored[]>();
  /** Every stream's events, in position order: `$all`. */
  private readonly all: Stored[] = [];
  private nextPosition = 100n;
  private failures: Error[] = [];
  appends = 0;

  /** The next calls fail with these errors, one each, as the client would throw them. */
  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async dispose(): Promise<void> {}

  get client(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  events(stream: string): readonly Stored[] {
    return this.streams.get(stream) ?? [];
  }

  async appendToStream(stream: string, events: { id?: string; type: string; data: unknown; metadata?: unknown } | { id?: string; type: string; data: unknown; metadata?: unknown }[], options: { streamState?: AppendStreamState } = {}) {
    await Promise.resolve();
    const failure = this.failures.shift();
    if (failure) throw failure;
    const list = Array.isArray(events) ? events : [events];
    const stored = this.streams.get(stream) ?? [];
    const state = options.streamState ?? ANY;
    const current = stored.length === 0 ? NO_STREAM : BigInt(stored.length - 1);
    const wrong = () => new WrongExpectedVersionError(undefined, { streamName: stream, expected: state, current });
    const repeatsAt = (from: number) => list.every((e, i) => stored[from + i]?.id === e.id);
    const answerAt = (from: number) => {
      const last = stored[from + list.length - 1]!;
      return { success: true, nextExpectedRevision: last.revision, position: last.position };
    };
    if (state === ANY || state === STREAM_EXISTS) {
      if (state === STREAM_EXISTS && current === NO_STREAM) throw wrong();
      const first = stored.findIndex((e) => e.id === list[0]!.id);
      if (first >= 0) {
        if (repeatsAt(first)) return answerAt(first);
        throw wrong();
      }
    } else {
      const expected = state === NO_STREAM ? -1n : (state as bigint);
      const actual = current === NO_STREAM ? -1n : current;
      if (expected > actual) throw wrong();
      if (expected < actual) {
        // Only behind the stream's end does the server look at the ids: a repeat of what follows the expected revision.
        if (repeatsAt(Number(expected + 1n))) return answerAt(Number(expected + 1n));
        throw wrong();
      }
      // At the stream's end the server writes, whatever ids the stream already holds.
    }
    this.appends += 1;
    for (const event of list) {
      this.nextPosition += 10n;
      const index = stored.push({
        streamId: stream,
        id: event.id ?? randomUUID(),
        revision: BigInt(stored.length),
        type: event.type,
        created: new Date(),
        isJson: true,
        data: event.data,
        metadata: event.metadata ?? {},
        position: { commit: this.nextPosition, prepare: this.nextPosition },
      });
      this.all.push(stored[index - 1]!);
    }
    this.streams.set(stream, stored);
    const last = stored[stored.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  async *readStream(stream: string, options: { direction?: string; fromRevision?: typeof START | typeof END | bigint; maxCount?: number } = {}) {
    await Promise.resolve();
    const stored = this.streams.get(stream);
    if (!stored) throw new StreamNotFoundError(undefined, stream);
    const backwards = options.direction === BACKWARDS;
    const ordered = backwards ? [...stored].reverse() : stored;
    const from = options.fromRevision ?? (backwards ? END : START);
    const selected = ordered.filter((e) => from === START || from === END || (backwards ? e.revision <= from : e.revision >= from));
    for (const event of selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER)) yield { event, commitPosition: event.position.commit };
  }

  async *readAll(options: { direction?: string; fromPosition?: typeof START | typeof END | { commit: bigint }; maxCount?: number; filter?: { filterOn?: string; regex?: string; prefixes?: string[] } } = {}) {
    await Promise.resolve();
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    const filter = options.filter;
    const matches = (type: string) =>
      !filter || filter.filterOn !== EVENT_TYPE || (filter.regex !== undefined ? new RegExp(filter.regex).test(type) : (filter.prefixes ?? []).some((p) => type.startsWith(p)));
    const ordered = backwards ? [...this.all].reverse() : this.all;
    const selected = ordered.filter((e) => (from === START || from === END || (backwards ? e.position.commit <= from.commit : e.position.commit >= from.commit)) && matches(e.type));
    for (const event of selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER)) yield { event, commitPosition: event.position.commit };
  }
}
