import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { SqliteEventStore } from '../adapters/sqlite/sqlite-event-store.js';
import type { EventStore } from '../core/ports/event-store.js';
import type { Config } from './config-schema.js';
import { openEventStoreDb } from './open-eventstoredb.js';
import { openPostgresEventStore } from './open-postgres-event-store.js';

/**
 * The event store a configuration selects, open and ready. The platform opens its store here,
 * and so may anything else that must write to the same events as the platform's processes (the
 * crash test's appender).
 */
export async function openEventStore(config: Config, log: Logger, use: { readonly runsProjections?: boolean } = {}): Promise<EventStore> {
  switch (config.eventStore.adapter) {
    case 'eventstoredb':
      return openEventStoreDb(config, log);
    case 'postgres':
      // Imported statically, unlike the read models' drivers: where the code was loaded with
      // `require` (mocha loads test files so, through tsx), a dynamic import loads a second copy
      // of every module the adapter imports, and the port's errors it throws then fail the
      // core's `instanceof` (a status check of a generation without a group threw
      // PersistentSubscriptionNotFoundError instead of reporting no group).
      return openPostgresEventStore(config);
    case 'sqlite':
      return new SqliteEventStore({
        file: resolve(config.eventStore.sqlite.file || join(config.dataDir, 'events.db')),
        synchronous: config.eventStore.sqlite.synchronous,
        maxEventBytes: config.eventStore.maxEventBytes,
        readAhead: config.eventStore.sqlite.readAhead && use.runsProjections === true,
        persistentSubscriptions: {
          consumerTimeoutMs: config.eventStore.sqlite.consumerTimeoutMs,
          heartbeatMs: Math.max(50, Math.min(1_000, Math.floor(config.eventStore.sqlite.consumerTimeoutMs / 5))),
        },
      });
    default:
      throw new Error(`event store adapter "${String(config.eventStore.adapter)}" is not wired in open-event-store.ts`);
  }
}
