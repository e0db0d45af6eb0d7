import type { Logger } from 'pino';
import { EventStoreDbEventStore } from '../adapters/eventstoredb/eventstoredb-event-store.js';
import { EventStoreDbUnreachableError } from '../adapters/eventstoredb/eventstoredb-unreachable-error.js';
import type { EventStore } from '../core/ports/event-store.js';
import { formatPosition } from '../core/position.js';
import type { Config } from './config-schema.js';
import { EngineUnreachableError } from './engine-unreachable-error.js';

/**
 * The EventStoreDB event store, once its server answered; an unreachable one stops the start
 * with one line. Its catch-up subscriptions log each drop they recover from, and each switch
 * between catching up and live.
 */
export async function openEventStoreDb(config: Config, log: Logger): Promise<EventStore> {
  try {
    return await EventStoreDbEventStore.open({
      url: config.eventStore.eventstoredb.url,
      maxEventBytes: config.eventStore.maxEventBytes,
      log,
      resubscribe: {
        onRetry: (error, delayMs) => log.warn({ err: error, delayMs }, 'EventStoreDB subscription dropped: resubscribing from its last position'),
        onLiveChange: (live, position) => log.debug({ position: position ? formatPosition(position) : null }, live ? 'EventStoreDB subscription caught up' : 'EventStoreDB subscription fell behind'),
      },
    });
  } catch (error) {
    if (error instanceof EventStoreDbUnreachableError) throw new EngineUnreachableError(`${error.message} (EVENTSTOREDB_URL)`, { cause: error });
    throw error;
  }
}
