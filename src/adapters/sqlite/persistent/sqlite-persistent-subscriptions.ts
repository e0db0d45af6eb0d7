import { randomUUID } from 'node:crypto';
import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import {
  InvalidPersistentSubscriptionSettingsError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionNotFoundError,
} from '../../../core/ports/event-store-errors.js';
import {
  DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS,
  type ParkedEvent,
  type PersistentSubscription,
  type PersistentSubscriptionInfo,
  type PersistentSubscriptions,
  type PersistentSubscriptionSettings,
  type SubscribeOptions,
} from '../../../core/ports/persistent-subscriptions.js';
import { position } from '../../../core/position.js';
import type { ChangeFeed } from '../change-feed.js';
import type { EventReader } from '../event-reader.js';
import type { WriteQueue } from '../group-commit.js';
import { GroupDispatcher, type DispatchTiming } from './group-dispatcher.js';
import { GroupTables, type Group } from './group-tables.js';
import { SqliteConsumer } from './sqlite-consumer.js';
import { validateSettings } from './validate-settings.js';

/** Persistent subscription groups to `$all`, kept in the event store's own database. */
export class SqlitePersistentSubscriptions implements PersistentSubscriptions {
  private readonly dispatchers = new Map<string, GroupDispatcher>();

  constructor(
    private readonly tables: GroupTables,
    private readonly reader: EventReader,
    private readonly writes: WriteQueue,
    private readonly changes: ChangeFeed,
    private readonly timing: DispatchTiming,
  ) {}

  async create(group: string, settings: Partial<PersistentSubscriptionSettings> = {}, filter?: EventTypeFilter): Promise<void> {
    const complete = validateSettings(group, { ...DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS, ...settings });
    if (filter && 'regex' in filter) checkRegex(group, filter.regex);
    await this.writes.run(() => {
      if (this.tables.group(group)) throw new PersistentSubscriptionExistsError(group);
      const from = complete.startFrom;
      const readPosition = from === 'start' ? 0 : from === 'end' ? Number(this.reader.headPosition()?.commit ?? 0) : Number(from.commit);
      this.tables.insertGroup(group, complete, filter, readPosition);
    });
  }

  async update(group: string, settings: Partial<PersistentSubscriptionSettings>): Promise<void> {
    await this.writes.run(() => {
      const existing = this.requireGroup(group);
      const { startFrom: _ignored, ...changes } = settings;
      this.tables.updateSettings(group, validateSettings(group, { ...existing.settings, ...changes }));
    });
    this.dispatchers.get(group)?.schedule();
  }

  async delete(group: string): Promise<void> {
    await this.writes.run(() => {
      this.requireGroup(group);
      this.tables.deleteGroup(group);
    });
    this.dispatchers.get(group)?.drop('the group was deleted');
  }

  subscribe(group: string, options: SubscribeOptions = {}): PersistentSubscription {
    const dispatcher = this.dispatcherFor(group);
    const bufferSize = options.bufferSize ?? 10;
    const consumerId = randomUUID();
    const consumer = new SqliteConsumer(consumerId, options.name ?? consumerId, bufferSize, Date.now(), dispatcher);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      consumer.end(new InvalidPersistentSubscriptionSettingsError(group, 'bufferSize must be a positive integer'));
    } else {
      dispatcher.join(consumer).catch((error: Error) => consumer.end(error));
    }
    return consumer;
  }

  async listParked(group: string, options: { readonly maxCount?: number } = {}): Promise<ParkedEvent[]> {
    this.requireGroup(group);
    const rows = this.tables.parked(group, options.maxCount ?? 1_000);
    const events = new Map(this.reader.eventsAt(rows.map((r) => r.position)).map((e) => [Number(e.position.commit), e]));
    return rows.flatMap((row) => {
      const event = events.get(row.position);
      return event ? [{ event, reason: row.reason, parkedAt: new Date(row.parked_at) }] : [];
    });
  }

  async replayParked(group: string, options: { readonly stopAt?: number } = {}): Promise<number> {
    const replayed = await this.writes.run(() => {
      this.requireGroup(group);
      const rows = this.tables.parked(group, options.stopAt ?? Number.MAX_SAFE_INTEGER);
      for (const row of rows) this.tables.unpark(group, row.position, row.pin);
      return rows.length;
    });
    this.dispatchers.get(group)?.schedule();
    return replayed;
  }

  async info(group: string): Promise<PersistentSubscriptionInfo> {
    return this.describe(this.requireGroup(group));
  }

  async list(): Promise<PersistentSubscriptionInfo[]> {
    return this.tables.groups().map((group) => this.describe(group));
  }

  /** Leaves every group; what local consumers held goes back to their groups. */
  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((dispatcher) => dispatcher.closeAll()));
  }

  private describe(group: Group): PersistentSubscriptionInfo {
    const inFlight = this.tables.inFlightByConsumer(group.name);
    return {
      group: group.name,
      filter: group.filter,
      settings: group.settings,
      checkpoint: group.checkpoint === undefined ? undefined : position(BigInt(group.checkpoint)),
      lastKnownPosition: group.readPosition === 0 ? undefined : position(BigInt(group.readPosition)),
      parkedCount: this.tables.parkedCount(group.name),
      inFlightCount: [...inFlight.values()].reduce((sum, n) => sum + n, 0),
      consumers: this.tables.consumers(group.name).map((row) => ({
        consumerId: row.consumer_id,
        name: row.name,
        inFlight: inFlight.get(row.consumer_id) ?? 0,
        connectedAt: new Date(row.connected_at),
      })),
    };
  }

  private dispatcherFor(group: string): GroupDispatcher {
    let dispatcher = this.dispatchers.get(group);
    if (!dispatcher) {
      dispatcher = new GroupDispatcher(group, this.tables, this.reader, this.writes, this.changes, this.timing, (idle) => {
        if (this.dispatchers.get(group) === idle) this.dispatchers.delete(group);
      });
      this.dispatchers.set(group, dispatcher);
    }
    return dispatcher;
  }

  private requireGroup(group: string): Group {
    const found = this.tables.group(group);
    if (!found) throw new PersistentSubscriptionNotFoundError(group);
    return found;
  }
}

function checkRegex(group: string, regex: string): void {
  try {
    new RegExp(regex);
  } catch (error) {
    throw new InvalidPersistentSubscriptionSettingsError(group, `filter regex is invalid: ${(error as Error).message}`);
  }
}
