import { hostname } from 'node:os';
import { BACKWARDS, END, excludeSystemEvents, FORWARDS, jsonEvent, KurrentDBClient, START, type ReadAllOptions as ClientReadAllOptions } from '@kurrent/kurrentdb-client';
import { CAUSATION_ID, CORRELATION_ID, isSystemEventType, type EventData, type JsonObject, type RecordedEvent } from '../../core/events.js';
import type { Log } from '../../core/log.js';
import { prepareAppend, type PreparedEvent } from '../../core/prepare-append.js';
import type { AllSubscription } from '../../core/ports/all-subscription.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventTypeFilter,
  ExpectedRevision,
  ReadAllOptions,
  ReadCorrelatedOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '../../core/ports/event-store.js';
import { EventStoreError, EventStoreUnavailableError } from '../../core/ports/event-store-errors.js';
import type { RecordedIdempotency } from '../../core/ports/idempotency.js';
import type { PersistentSubscriptions } from '../../core/ports/persistent-subscriptions.js';
import { translateErrors } from '../../core/ports/translate-errors.js';
import { comparePositions, type Position } from '../../core/position.js';
import { ClientSource } from './client-source.js';
import { CorrelatedReader, type CorrelatedReaderOptions } from './correlated-reader.js';
import { eventStoreErrorOf } from './eventstoredb-errors-of.js';
import { EventStoreDbPersistentSubscriptions } from './eventstoredb-persistent-subscriptions.js';
import { eventTypeFilterOf } from './event-type-filter-of.js';
import { IdempotencyStreams } from './idempotency-streams.js';
import { positionOf, readPositionOf } from './position-of.js';
import { probeServer } from './probe-server.js';
import { readStreamEvents } from './read-stream-events.js';
import { recordedEventOf } from './recorded-event-of.js';
import { ResubscribingSubscription, type ResubscribeOptions } from './resubscribing-subscription.js';
import { storeIdentity } from './store-identity.js';
import { streamStateOf } from './stream-state-of.js';

export interface EventStoreDbOptions {
  /** `kurrentdb://` (or `esdb://`) connection string: `?tls=false` in development, TLS and credentials in production. */
  readonly url: string;
  /** Data plus metadata of one event, in bytes. Default 1 MiB, the server's default append limit. */
  readonly maxEventBytes?: number;
  readonly resubscribe?: ResubscribeOptions;
  readonly correlated?: CorrelatedReaderOptions;
  /** A client made elsewhere (tests pass a stand-in); by default one is made from `url`. */
  readonly client?: KurrentDBClient;
  /** Where the adapter warns of what it recovered from (an idempotency key left unrecorded); stderr by default. */
  readonly log?: Log;
}

/**
 * The event store on EventStoreDB 22.6+ / KurrentDB, through `@kurrent/kurrentdb-client`. The
 * port is shaped after it, so this is a mapping: expected revisions to `streamState`, positions
 * as they are, filters to server-side event type filters, catch-up subscriptions wrapped so they
 * resubscribe, groups to `$all` groups. What the server lacks (a store id, idempotency keys) is
 * kept in streams of its own, whose `$`-prefixed event types keep them out of `$all` reads.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly persistentSubscriptions: PersistentSubscriptions;
  private readonly client: KurrentDBClient;
  private readonly maxEventBytes: number;
  private readonly idempotency: IdempotencyStreams;
  private readonly correlated: CorrelatedReader;
  private id: Promise<string> | undefined;

  /**
   * Opens a store and checks that the server answers within `probeTimeoutMs` (default 6 s, so
   * that with the process's own start a dead endpoint stops it within 10 s, with one line).
   */
  static async open(options: EventStoreDbOptions & { readonly probeTimeoutMs?: number }): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(options);
    try {
      await probeServer(store.client, options.url, options.probeTimeoutMs ?? 6_000);
    } catch (error) {
      // A connection that never answered may not close promptly either: do not wait on it.
      void store.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  constructor(private readonly options: EventStoreDbOptions) {
    this.client = options.client ?? KurrentDBClient.connectionString(options.url);
    this.maxEventBytes = options.maxEventBytes ?? 1024 * 1024;
    this.idempotency = new IdempotencyStreams(this.client, options.log);
    this.correlated = new CorrelatedReader(this.client, options.correlated);
    this.persistentSubscriptions = withPortErrors(new EventStoreDbPersistentSubscriptions(this.client, `${hostname()}:${process.pid}`));
    return withPortErrors(this);
  }

  async appendToStream(stream: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, this.maxEventBytes);
    const expected = options.expectedRevision ?? 'any';
    const append = (withIds: readonly PreparedEvent[]) => this.append(stream, events, withIds, expected);
    return options.idempotency ? this.idempotency.appendOnce(options.idempotency, stream, prepared, append, expected) : append(prepared);
  }

  async storeId(): Promise<string> {
    this.id ??= storeIdentity(this.client).catch((error: unknown) => {
      this.id = undefined;
      throw error;
    });
    return this.id;
  }

  async findIdempotency(key: string): Promise<RecordedIdempotency | undefined> {
    return this.idempotency.find(key);
  }

  async readCorrelated(correlationId: string, options: ReadCorrelatedOptions): Promise<RecordedEvent[]> {
    return this.correlated.read(correlationId, options.maxCount);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    if ((backwards && from === 'start') || (!backwards && from === 'end')) return [];
    return readStreamEvents(this.client, stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === 'start' ? START : from === 'end' ? END : from,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    if ((backwards && from === 'start') || (!backwards && from === 'end') || options.maxCount <= 0) return [];
    return this.collect({ direction: backwards ? BACKWARDS : FORWARDS, fromPosition: readPositionOf(from), maxCount: options.maxCount, filter: eventTypeFilterOf(options.filter) });
  }

  /** The last event `$all` reads deliver: system events (the adapter's own bookkeeping, stream metadata) are not the head. */
  async headPosition(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents() })) {
      return positionOf(resolved.event?.position) ?? (resolved.commitPosition === undefined ? undefined : positionOf({ commit: resolved.commitPosition, prepare: resolved.commitPosition }));
    }
    return undefined;
  }

  async countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number> {
    if (options.limit <= 0) return 0;
    const after = options.after;
    let count = 0;
    // `fromPosition` is inclusive: one more is read, and the event at `after` is not counted.
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: after ? readPositionOf(after) : START, maxCount: options.limit + 1, filter: eventTypeFilterOf(options.filter) })) {
      const event = resolved.event;
      if (!event || isSystemEventType(event.type)) continue;
      if (after && comparePositions(recordedEventOf(event, resolved.commitPosition).position, after) <= 0) continue;
      count += 1;
      if (count >= options.limit) break;
    }
    return count;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const open = (from: Parameters<typeof readPositionOf>[0]) =>
      new ClientSource((checkpointReached) =>
        this.client.subscribeToAll({
          fromPosition: readPositionOf(from),
          filter: eventTypeFilterOf(options.filter, { ...(options.checkpointInterval === undefined ? {} : { checkpointInterval: options.checkpointInterval }), checkpointReached }),
        }),
      );
    return new ResubscribingSubscription(open, options.fromPosition ?? 'start', {
      resolveEnd: async () => (await this.headPosition()) ?? 'start',
      ...this.options.resubscribe,
    });
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async append(stream: string, originals: readonly EventData[], events: readonly PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const data = events.map((event, index) =>
      jsonEvent({ id: event.id, type: event.type, data: originals[index]!.data as JsonObject, metadata: metadataOf(originals[index]!.metadata) }),
    );
    let result;
    try {
      result = await this.client.appendToStream(stream, data, { streamState: streamStateOf(expected) });
    } catch (error) {
      const bytes = events.reduce((sum, event) => sum + Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata), 0);
      throw eventStoreErrorOf(error, { stream, expected, eventType: events[0]?.type ?? '', bytes }) ?? new EventStoreUnavailableError('append', error);
    }
    const position = positionOf(result.position) ?? (await this.positionAt(stream, result.nextExpectedRevision));
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  /** A repeated append may come back without a position: that of its last event (at the revision the server answered) is read. */
  private async positionAt(stream: string, revision: bigint): Promise<Position> {
    const [last] = await readStreamEvents(this.client, stream, { direction: FORWARDS, fromRevision: revision, maxCount: 1 });
    if (!last) throw new EventStoreUnavailableError('append', new Error(`"${stream}" has no event ${revision} after an append`));
    return last.position;
  }

  private async collect(options: ClientReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll(options)) {
      if (resolved.event && !isSystemEventType(resolved.event.type)) events.push(recordedEventOf(resolved.event, resolved.commitPosition));
    }
    return events;
  }
}

/** Every failure that is not the port's own becomes its error, or EventStoreUnavailableError naming the operation. */
function withPortErrors<T extends object>(adapter: T): T {
  return translateErrors(
    adapter,
    (error) => error instanceof EventStoreError,
    (operation, cause) => eventStoreErrorOf(cause) ?? new EventStoreUnavailableError(operation, cause),
  );
}

/** `$correlationId` and `$causationId` as strings, as `$by_correlation_id` reads them. */
function metadataOf(metadata: JsonObject | undefined): JsonObject {
  const copy: JsonObject = { ...(metadata ?? {}) };
  for (const key of [CORRELATION_ID, CAUSATION_ID]) {
    const value = copy[key];
    if (value !== undefined && value !== null && typeof value !== 'string') copy[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return copy;
}
