import type pg from 'pg';
import type { EventTypeFilter } from '../../../core/ports/event-store.js';
import { PersistentSubscriptionExistsError, PersistentSubscriptionNotFoundError } from '../../../core/ports/event-store-errors.js';
import type {
  ParkedEvent,
  PersistentSubscription,
  PersistentSubscriptionInfo,
  PersistentSubscriptions,
  PersistentSubscriptionSettings,
  SubscribeOptions,
} from '../../../core/ports/persistent-subscriptions.js';
import { changedSettings } from '../../persistent-groups/changed-settings.js';
import type { DispatchTiming } from '../../persistent-groups/dispatch-timing.js';
import { DispatcherRegistry } from '../../persistent-groups/dispatcher-registry.js';
import { groupInfo } from '../../persistent-groups/group-info.js';
import { newGroupSettings } from '../../persistent-groups/new-group-settings.js';
import { parkedEvents } from '../../persistent-groups/parked-events.js';
import { subscribeConsumer } from '../../persistent-groups/subscribe-consumer.js';
import { inTransaction } from '../in-transaction.js';
import type { PostgresAllReader } from '../postgres-all-reader.js';
import type { PostgresListener } from '../postgres-listener.js';
import { PostgresGroupDispatcher } from './postgres-group-dispatcher.js';
import { groupTables as tables, type Group } from './postgres-group-tables.js';

/** Persistent subscription groups to `$all`, kept in the store's schema and shared by every process using it. */
export class PostgresPersistentSubscriptions implements PersistentSubscriptions {
  private readonly dispatchers = new DispatcherRegistry<PostgresGroupDispatcher>(
    (group, onIdle) => new PostgresGroupDispatcher(group, this.pool, this.reader, this.listener, this.timing, onIdle),
  );

  constructor(
    private readonly pool: pg.Pool,
    private readonly reader: PostgresAllReader,
    private readonly listener: PostgresListener,
    private readonly timing: DispatchTiming,
  ) {}

  async create(group: string, settings: Partial<PersistentSubscriptionSettings> = {}, filter?: EventTypeFilter): Promise<void> {
    const complete = newGroupSettings(group, settings, filter);
    const from = complete.startFrom;
    const read = from === 'start' ? undefined : from === 'end' ? await this.reader.headPosition() : from;
    if (!(await tables.insertGroup(this.pool, group, complete, filter, read))) throw new PersistentSubscriptionExistsError(group);
  }

  async update(group: string, settings: Partial<PersistentSubscriptionSettings>): Promise<void> {
    await inTransaction(this.pool, async (db) => {
      const existing = await tables.lock(db, group);
      if (!existing) throw new PersistentSubscriptionNotFoundError(group);
      await tables.updateSettings(db, group, changedSettings(group, existing.settings, settings));
    });
    this.dispatchers.get(group)?.schedule();
  }

  async delete(group: string): Promise<void> {
    if (!(await tables.deleteGroup(this.pool, group))) throw new PersistentSubscriptionNotFoundError(group);
    this.dispatchers.get(group)?.drop('the group was deleted');
  }

  subscribe(group: string, options: SubscribeOptions = {}): PersistentSubscription {
    return subscribeConsumer(group, options, this.dispatchers.of(group));
  }

  async listParked(group: string, options: { readonly maxCount?: number } = {}): Promise<ParkedEvent[]> {
    await this.requireGroup(group);
    const rows = await tables.parked(this.pool, group, options.maxCount ?? 1_000);
    const events = await this.reader.eventsAt(rows.map((r) => BigInt(r.position)));
    return parkedEvents(rows, new Map(events.map((e) => [e.position.prepare.toString(), e])));
  }

  async replayParked(group: string, options: { readonly stopAt?: number } = {}): Promise<number> {
    const replayed = await inTransaction(this.pool, async (db) => {
      if (!(await tables.lock(db, group))) throw new PersistentSubscriptionNotFoundError(group);
      return tables.unpark(db, group, options.stopAt ?? 2 ** 31 - 1);
    });
    this.dispatchers.get(group)?.schedule();
    return replayed;
  }

  async info(group: string): Promise<PersistentSubscriptionInfo> {
    return this.describe(await this.requireGroup(group));
  }

  async list(): Promise<PersistentSubscriptionInfo[]> {
    return Promise.all((await tables.groups(this.pool)).map((group) => this.describe(group)));
  }

  /** Leaves every group; what local consumers held goes back to their groups. */
  async close(): Promise<void> {
    await this.dispatchers.closeAll();
  }

  private async describe(group: Group): Promise<PersistentSubscriptionInfo> {
    const [inFlight, parkedCount, consumers] = await Promise.all([
      tables.inFlightByConsumer(this.pool, group.name),
      tables.parkedCount(this.pool, group.name),
      tables.consumers(this.pool, group.name),
    ]);
    return groupInfo({ ...group, lastKnownPosition: group.read, parkedCount, inFlight, consumers });
  }

  private async requireGroup(group: string): Promise<Group> {
    const found = await tables.group(this.pool, group);
    if (!found) throw new PersistentSubscriptionNotFoundError(group);
    return found;
  }
}
