import type { PersistentSubscriptionToAllInfo } from '@kurrent/kurrentdb-client';
import type { EventTypeFilter } from '../../core/ports/event-type-filter.js';
import type { PersistentSubscriptionInfo } from '../../core/ports/persistent-subscriptions.js';
import { settingsOfGroup } from './group-settings-of.js';
import { positionOf } from './position-of.js';

/** What the status endpoint shows of a group: the server's checkpoint, its parked count, its connections. */
export function groupInfoOf(info: PersistentSubscriptionToAllInfo, filter: EventTypeFilter | undefined): PersistentSubscriptionInfo {
  return {
    group: info.groupName,
    filter,
    settings: settingsOfGroup(info.settings),
    checkpoint: positionOf(info.stats.lastCheckpointedEventPosition),
    lastKnownPosition: positionOf(info.stats.lastKnownEventPosition),
    parkedCount: Number(info.stats.parkedMessageCount),
    inFlightCount: Number(info.stats.totalInFlightMessages),
    // A consumer is known by the connection name it subscribed with (EventStoreDbConsumer.consumerId);
    // `from` (the client's ip:port) changes with every reconnection, and the port has no field for it.
    consumers: info.connections.map((connection) => ({
      consumerId: connection.connectionName,
      name: connection.connectionName,
      inFlight: connection.inFlightMessages,
      // The server does not say when a connection was made.
      connectedAt: new Date(0),
    })),
  };
}
