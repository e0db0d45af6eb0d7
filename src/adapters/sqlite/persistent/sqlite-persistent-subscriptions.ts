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
import { position } from '../../../core/position.js';
import { changedSettings } from '../../persistent-groups/changed-settings.js';
import type { DispatchTiming } from '../../persistent-groups/dispatch-timing.js';
import { DispatcherRegistry } from '../../persistent-groups/dispatcher-registry.js';
import { groupInfo } from '../../persistent-groups/group-info.js';
import { newGroupSettings } from '../../persistent-groups/new-group-settings.js';
import { parkedEvents } from '../../persistent-groups/parked-events.js';
import { subscribeConsumer } from '../../persistent-groups/subscribe-consumer.js';
import type { ChangeFeed } from '../change-feed.js';
import type { EventReader } from '../event-reader.js';
import type { WriteQueue } from '../group-commit.js';
import { GroupDispatcher } from './group-dispatcher.js';
import { GroupTables, type Group } from './group-tables.js';

/** Persistent subscription groups to `$all`, kept in the event store's own database. */
export class SqlitePersistentSubscriptions implements PersistentSubscriptions {
  private readonly dispatchers = new DispatcherRegistry<GroupDispatcher>(
    (group, onIdle) => new GroupDispatcher(group, this.tables, this.reader, this.writes, this.changes, this.timing, onIdle),
  );

  constructor(
    private readonly tables: GroupTables,
    private readonly reader: EventReader,
    private readonly writes: WriteQueue,
    private readonly changes: ChangeFeed,
    private readonly timing: DispatchTiming,
  ) {}

  async create(group: string, settings: Partial<PersistentSubscriptionSettings> = {}, filter?: EventTypeFilter): Promise<void> {
    const complete = newGroupSettings(group, settings, filter);
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
      this.tables.updateSettings(group, changedSettings(group, existing.settings, settings));
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
    return subscribeConsumer(group, options, this.dispatchers.of(group));
  }

  async listParked(group: string, options: { readonly maxCount?: number } = {}): Promise<ParkedEvent[]> {
    this.requireGroup(group);
    const rows = this.tables.parked(group, options.maxCount ?? 1_000);
    return parkedEvents(rows, new Map(this.reader.eventsAt(rows.map((r) => r.position)).map((e) => [Number(e.position.commit), e])));
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
    await this.dispatchers.closeAll();
  }

  private describe(group: Group): PersistentSubscriptionInfo {
    return groupInfo({
      ...group,
      checkpoint: group.checkpoint === undefined ? undefined : position(BigInt(group.checkpoint)),
      lastKnownPosition: group.readPosition === 0 ? undefined : position(BigInt(group.readPosition)),
      parkedCount: this.tables.parkedCount(group.name),
      inFlight: this.tables.inFlightByConsumer(group.name),
      consumers: this.tables.consumers(group.name),
    });
  }

  private requireGroup(group: string): Group {
    const found = this.tables.group(group);
    if (!found) throw new PersistentSubscriptionNotFoundError(group);
    return found;
  }
}
