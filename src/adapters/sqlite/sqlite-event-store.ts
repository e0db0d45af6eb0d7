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
import { EventStoreUnavailableError } from '../../core/ports/event-store-errors.js';
import { withEventStoreErrors } from '../../core/ports/event-store-errors-of.js';
import type { RecordedIdempotency } from '../../core/ports/idempotency.js';
import type { Position } from '../../core/position.js';
import { ChangeFeed } from './change-feed.js';
import { EventReader, toRowid } from './event-reader.js';
import { createEventStoreSchema } from './event-store-schema.js';
import { EventTypeRegistry } from './event-type-registry.js';
import { GroupCommit } from './group-commit.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { PageReaderThread } from './page-reader-thread.js';
import { ReadAhead } from './read-ahead.js';
import { createPersistentSubscriptionSchema } from './persistent/persistent-schema.js';
import type { DispatchTiming } from '../persistent-groups/dispatch-timing.js';
import { GroupTables } from './persistent/group-tables.js';
import { SqlitePersistentSubscriptions } from './persistent/sqlite-persistent-subscriptions.js';
import { SqliteAllSubscription } from './sqlite-all-subscription.js';
import { StreamWriter } from './stream-writer.js';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for a private, throwaway store. */
  readonly file: string;
  readonly synchronous?: 'full' | 'normal';
  /** Data plus metadata of one event, in bytes. Default 1 MiB, EventStoreDB's default append limit. */
  readonly maxEventBytes?: number;
  readonly persistentSubscriptions?: Partial<DispatchTiming>;
  /**
   * Read the next page of `$all` in a thread of its own while this one handles the page before
   * (ReadAhead): for processes that catch up and rebuild. Not for `:memory:`, which no other
   * connection can open.
   */
  readonly readAhead?: boolean;
}

/** The embedded event store: one SQLite file holds the streams, `$all` and the subscription groups. */
export class SqliteEventStore implements EventStore {
  readonly persistentSubscriptions: SqlitePersistentSubscriptions;
  private readonly db: SqliteDatabase;
  private readonly changes: ChangeFeed;
  private readonly writes: GroupCommit;
  private readonly writer: StreamWriter;
  private readonly reader: EventReader;
  private readonly pageReader: PageReaderThread | undefined;
  private readonly readAhead: ReadAhead | undefined;
  private readonly maxEventBytes: number;
  private readonly id: string;
  private readonly idempotencyKeys: IdempotencyKeys;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openDatabase(options.file, { synchronous: options.synchronous ?? 'full', cacheMiB: 8 });
    createEventStoreSchema(this.db);
    createPersistentSubscriptionSchema(this.db);
    this.maxEventBytes = options.maxEventBytes ?? 1024 * 1024;
    this.id = this.db.prepare(`SELECT value FROM store_info WHERE key = 'store_id'`).pluck().get() as string;
    this.idempotencyKeys = new IdempotencyKeys(this.db);
    const types = new EventTypeRegistry(this.db);
    this.changes = new ChangeFeed(this.db, options.file);
    this.writes = new GroupCommit(this.db, options.synchronous === 'normal' ? 'NORMAL' : 'FULL', () => this.changes.committed(), (cause) => unavailable('append', cause));
    this.writer = new StreamWriter(this.db, types, this.idempotencyKeys);
    this.reader = new EventReader(this.db, types, this.maxEventBytes);
    if (options.readAhead && options.file !== ':memory:') {
      this.pageReader = new PageReaderThread({ file: options.file, maxEventBytes: this.maxEventBytes, storeId: this.id });
      this.readAhead = new ReadAhead(this.reader, types, this.pageReader);
    }
    this.persistentSubscriptions = new SqlitePersistentSubscriptions(
      new GroupTables(this.db),
      this.reader,
      this.writes.bookkeeping(),
      this.changes,
      { heartbeatMs: 1_000, consumerTimeoutMs: 5_000, ...options.persistentSubscriptions },
    );
    // Every failure that is not the port's own becomes an EventStoreUnavailableError naming the operation.
    return withEventStoreErrors(this);
  }

  async appendToStream(stream: string, events: readonly EventData[], options: AppendOptions = {}): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, this.maxEventBytes);
    const expected = options.expectedRevision ?? 'any';
    const typeIds = this.writer.typeIds(prepared);
    return this.writes.run(() => this.writer.append(stream, prepared, typeIds, expected, options.idempotency));
  }

  async storeId(): Promise<string> {
    return this.id;
  }

  async findIdempotency(key: string): Promise<RecordedIdempotency | undefined> {
    return this.idempotencyKeys.find(key);
  }

  async readCorrelated(correlationId: string, options: ReadCorrelatedOptions): Promise<RecordedEvent[]> {
    return this.reader.readCorrelated(correlationId, options.maxCount);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(stream, options);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAhead ? this.readAhead.readAll(options) : this.reader.readAll(options);
  }

  async headPosition(): Promise<Position | undefined> {
    return this.reader.headPosition();
  }

  async countEvents(options: { readonly after?: Position; readonly filter?: EventTypeFilter; readonly limit: number }): Promise<number> {
    return this.reader.countAfter(options.after ? toRowid(options.after) : 0, options.filter, options.limit);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const from = options.fromPosition ?? 'start';
    const after = from === 'start' ? 0 : from === 'end' ? toRowid(this.reader.headPosition() ?? { commit: 0n, prepare: 0n }) : toRowid(from);
    return new SqliteAllSubscription(
      after,
      options.filter,
      options.checkpointInterval ?? 1_000,
      this.reader.readPage,
      this.changes,
      () => this.db.open,
    );
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.persistentSubscriptions.close();
    await this.pageReader?.close();
    this.changes.close();
    this.db.close();
  }
}

function unavailable(operation: string, cause: unknown): EventStoreUnavailableError {
  return new EventStoreUnavailableError(operation, cause);
}
