import { BACKWARDS, END, ErrorType, FORWARDS, jsonEvent, START, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { Position } from '../../core/position.js';
import type { EventTypeFilter } from '../../core/ports/event-type-filter.js';
import type {
  ParkedEvent,
  PersistentSubscription,
  PersistentSubscriptionInfo,
  PersistentSubscriptions,
  PersistentSubscriptionSettings,
  SubscribeOptions,
} from '../../core/ports/persistent-subscriptions.js';
import { EventStoreDbConsumer } from './eventstoredb-consumer.js';
import { eventTypeFilterOf } from './event-type-filter-of.js';
import { groupErrorOf } from './group-error-of.js';
import { groupInfoOf } from './group-info-of.js';
import { groupSettingsOf, settingsOfGroup } from './group-settings-of.js';
import { parkedEventOf } from './parked-event-of.js';
import { positionOf } from './position-of.js';
import { readStreamEvents } from './read-stream-events.js';

const GROUP_EVENT = '$projectionist-group';

/**
 * Persistent subscription groups to `$all` on the server (21.10 or later). The server keeps the
 * group, its checkpoint, its consumers and its parked events; this adapter maps names and keeps,
 * in `projectionist-group-<group>`, what the server does not show: the group's filter, and the
 * position it starts after (the port's start is exclusive, the server's inclusive).
 * The runner never trusts the group's checkpoint: its read model's own checkpoint is the truth,
 * and the group is how live events reach one worker at a time and move to another on failover.
 */
export class EventStoreDbPersistentSubscriptions implements PersistentSubscriptions {
  constructor(
    private readonly client: KurrentDBClient,
    private readonly consumerName: string,
  ) {}

  async create(group: string, settings: Partial<PersistentSubscriptionSettings> = {}, filter?: EventTypeFilter): Promise<void> {
    await this.call('create', group, () => this.client.createPersistentSubscriptionToAll(group, groupSettingsOf(settings), { filter: eventTypeFilterOf(filter) }));
    const from = settings.startFrom;
    const startAfter = from && typeof from === 'object' ? { commit: from.commit.toString(), prepare: from.prepare.toString() } : null;
    await this.client.appendToStream(recordStreamOf(group), jsonEvent({ type: GROUP_EVENT, data: { filter: filter ? { ...filter } : null, startAfter } }));
  }

  async update(group: string, settings: Partial<PersistentSubscriptionSettings>): Promise<void> {
    const current = await this.call('update', group, () => this.client.getPersistentSubscriptionToAllInfo(group));
    const merged = { ...settingsOfGroup(current.settings), ...settings, startFrom: settingsOfGroup(current.settings).startFrom };
    await this.call('update', group, () => this.client.updatePersistentSubscriptionToAll(group, groupSettingsOf(merged)));
  }

  async delete(group: string): Promise<void> {
    await this.call('delete', group, () => this.client.deletePersistentSubscriptionToAll(group));
    await this.client.deleteStream(recordStreamOf(group)).catch(() => undefined);
  }

  /** The consumer raises the port's errors itself: it is returned as it is, outside this adapter's error wrapper. */
  subscribe(group: string, options: SubscribeOptions = {}): PersistentSubscription {
    return new EventStoreDbConsumer(this.client, group, options.bufferSize ?? 10, options.name ?? this.consumerName, async () => (await this.recordOf(group)).startAfter);
  }

  async listParked(group: string, options: { readonly maxCount?: number } = {}): Promise<ParkedEvent[]> {
    const parked: ParkedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(parkedStreamOf(group), { fromRevision: START, direction: FORWARDS, maxCount: options.maxCount ?? 1_000, resolveLinkTos: true })) {
        // A link whose event was since deleted or scavenged has nothing left to replay.
        if (resolved.event && resolved.event.type !== '$>') parked.push(parkedEventOf(resolved.event, resolved.link, resolved.commitPosition));
      }
    } catch (error) {
      if ((error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) return [];
      throw error;
    }
    return parked;
  }

  async replayParked(group: string, options: { readonly stopAt?: number } = {}): Promise<number> {
    const { parkedCount } = await this.info(group);
    await this.call('replayParked', group, () => this.client.replayParkedMessagesToAll(group, options.stopAt === undefined ? {} : { stopAt: options.stopAt }));
    return options.stopAt === undefined ? parkedCount : Math.min(parkedCount, options.stopAt);
  }

  async info(group: string): Promise<PersistentSubscriptionInfo> {
    const info = await this.call('info', group, () => this.client.getPersistentSubscriptionToAllInfo(group));
    return groupInfoOf(info, await this.filterOf(group));
  }

  async list(): Promise<PersistentSubscriptionInfo[]> {
    const groups = await this.call('list', '', () => this.client.listPersistentSubscriptionsToAll());
    return Promise.all(groups.map(async (info) => groupInfoOf(info, await this.filterOf(info.groupName))));
  }

  private async filterOf(group: string): Promise<EventTypeFilter | undefined> {
    return (await this.recordOf(group)).filter;
  }

  /** What the server does not keep of a group made here: its filter, and the position it starts after. */
  private async recordOf(group: string): Promise<{ readonly filter: EventTypeFilter | undefined; readonly startAfter: Position | undefined }> {
    const [record] = await readStreamEvents(this.client, recordStreamOf(group), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const data = record?.data as { filter?: EventTypeFilter | null; startAfter?: { commit: string; prepare: string } | null } | undefined;
    return { filter: data?.filter ?? undefined, startAfter: positionOf(data?.startAfter ?? undefined) };
  }

  /** Runs a client call, raising the port's errors with the operation and the group named. */
  private async call<T>(operation: string, group: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw groupErrorOf(operation, group, error);
    }
  }
}

/** Where the server keeps a `$all` group's parked events. */
export function parkedStreamOf(group: string): string {
  return `$persistentsubscription-$all::${group}-parked`;
}

function recordStreamOf(group: string): string {
  return `projectionist-group-${group}`;
}
