import type pg from 'pg';
import type { EventData, RecordedEvent } from '../../core/events.js';
import { prepareAppend } from '../../core/prepare-append.js';
import type { AllSubscription } from '../../core/ports/all-subscription.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventTypeFilter,
  ReadAllOptions,
  ReadCorrelatedOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '../../core/ports/event-store.js';
import { withEventStoreErrors } from '../../core/ports/event-store-errors-of.js';
import type { RecordedIdempotency } from '../../core/ports/idempotency.js';
import type { Position } from '../../core/position.js';
import { PostgresPersistentSubscriptions } from './persistent/postgres-persistent-subscriptions.js';
import type { DispatchTiming } from '../persistent-groups/dispatch-timing.js';
import { PostgresAllReader } from './postgres-all-reader.js';
import { PostgresAllSubscription } from './postgres-all-subscription.js';
import { EVENT_COLUMNS, toRecordedEvent, type PostgresEventRow } from './postgres-event-row.js';
import { PostgresGroupCommit } from './postgres-group-commit.js';
import { PostgresIdempotencyKeys } from './postgres-idempotency-keys.js';
import { PostgresListener } from './postgres-listener.js';
import { connectionConfig, postgresPool } from './postgres-pool.js';
import { migratePostgresSchema } from './postgres-schema.js';

export interface PostgresEventStoreOptions {
  readonly url: string;
  /** Default 10. */
  readonly poolSize?: number;
  /** The schema holding the store: one database can hold several stores. Default `projectionist`. */
  readonly schema?: string;
  /** Batches of appends in flight at once (see PostgresGroupCommit). Default 2. */
  readonly writers?: number;
  /** Data plus metadata of one event, in bytes. Default 1 MiB, as EventStoreDB. */
  readonly maxEventBytes?: number;
  readonly persistentSubscriptions?: Partial<DispatchTiming>;
}

/**
 * The event store on PostgreSQL: one schema holds the streams, `$all`, the idempotency keys
 * and the persistent subscription groups, shared by every process that opens it. `open`
 * connects, migrates the schema and starts listening; it rejects if any of that fails.
 */
export class PostgresEventStore implements EventStore {
  readonly persistentSubscriptions: PostgresPersistentSubscriptions;
  private readonly writes: PostgresGroupCommit;
  private readonly reader: PostgresAllReader;
  private readonly idempotencyKeys: PostgresIdempotencyKeys;
  private readonly maxEventBytes: number;
  private closing: Promise<void> | undefined;
  /** Open subscriptions: closed, so their iterations end quietly, before the pool is. */
  private readonly subscriptions = new Set<PostgresAllSubscription>();

  private constructor(
    private readonly pool: pg.Pool,
    /** The connection that listens for appends (public for tests of its reconnection). */
    readonly listener: PostgresListener,
    private readonly id: string,
    options: PostgresEventStoreOptions,
  ) {
    this.maxEventBytes = options.maxEventBytes ?? 1024 * 1024;
    this.reader = new PostgresAllReader(pool);
    // Batches in flight use a connection each; at least one is left for reads.
    const writers = Math.min(options.writers ?? 2, Math.max(1, (options.poolSize ?? 10) - 1));
    this.writes = new PostgresGroupCommit(pool, listener.channel, writers, () => listener.changed());
    this.idempotencyKeys = new PostgresIdempotencyKeys(pool);
    // Wrapped apart: the store's own wrapper (see open) reaches only its direct methods.
    this.persistentSubscriptions = withEventStoreErrors(
      new PostgresPersistentSubscriptions(pool, this.reader, listener, { heartbeatMs: 1_000, consumerTimeoutMs: 5_000, ...options.persistentSubscriptions }),
    );
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'projectionist';
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) throw new Error(`schema "${schema}" must be a lower-case SQL identifier of at most 41 characters`);
    const pool = postgresPool({ url: options.url, schema, poolSize: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle connection's error: the next query gets a fresh one
    const listener = new PostgresListener(connectionConfig({ url: options.url, schema }), `projectionist_events_${schema}`);
    try {
      await migratePostgresSchema(pool, schema);
      const { rows } = await pool.query<{ value: string }>(`SELECT value FROM store_info WHERE key = 'store_id'`);
      await listener.start();
      const store = new PostgresEventStore(pool, listener, rows[0]!.value, options);
      // Every failure that is not the port's own becomes an EventStoreUnavailableError naming the operation.
      return withEventStoreErrors(store);
    } catch (error) {
      await listener.close();
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async appendToStream(stream: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, this.maxEventBytes);
    if (options.idempotency) this.idempotencyKeys.purgeNowAndThen();
    return this.writes.append({ stream, events: prepared, expected: options.expectedRevision ?? 'any', idempotency: options.idempotency });
  }

  /** How well appends are grouped into commits (see PostgresGroupCommit). */
  get appendStats(): { readonly batches: number; readonly appends: number } {
    return { ...this.writes.stats };
  }

  async storeId(): Promise<string> {
    return this.id;
  }

  async findIdempotency(key: string): Promise<RecordedIdempotency | undefined> {
    return this.idempotencyKeys.find(key);
  }

  async readCorrelated(correlationId: string, options: ReadCorrelatedOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE metadata ? '$correlationId' AND metadata ->> '$correlationId' = $1
        ORDER BY tx_id DESC, position DESC LIMIT $2`,
      [correlationId, options.maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    if ((!backwards && from === 'end') || (backwards && from === 'start')) return [];
    const revision = from === 'start' ? '0' : from === 'end' ? '9223372036854775807' : from.toString();
    const { rows } = await this.pool.query<PostgresEventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND revision ${backwards ? '<=' : '>='} $2::bigint
        ORDER BY revision ${backwards ? 'DESC' : ''} LIMIT $3`,
      [stream, revision, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  async headPosition(): Promise<Position | undefined> {
    return this.reader.lastWritten();
  }

  async countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number> {
    return this.reader.countAfter(options.after, options.filter, options.limit);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const from = options.fromPosition ?? 'start';
    const subscription = new PostgresAllSubscription(from === 'start' ? undefined : from, options.filter, options.checkpointInterval ?? 1_000, this.reader, this.listener, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Each step runs whatever the one before did: with the database down, a group's leave fails,
      // and the listener and the pool must close all the same, or the process never exits.
      const steps = [
        () => Promise.all([...this.subscriptions].map((subscription) => subscription.close())),
        () => this.persistentSubscriptions.close(),
        () => this.listener.close(),
        () => this.pool.end(),
      ];
      const failures: unknown[] = [];
      for (const step of steps) await step().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    })();
    return this.closing;
  }
}
