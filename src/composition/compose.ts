import { join, resolve } from 'node:path';
import { SqliteEventStore } from '../adapters/sqlite/sqlite-event-store.js';
import type { EventStore } from '../core/ports/event-store.js';
import { Commands } from '../domain/commands.js';
import type { Config } from './config-schema.js';

/** The running parts of the platform, wired from configuration. */
export interface Platform {
  readonly config: Config;
  readonly eventStore: EventStore;
  readonly commands: Commands;
  close(): Promise<void>;
}

/** The one place that picks adapters. Nothing else in the code base branches on an engine. */
export function compose(config: Config): Platform {
  const eventStore = openEventStore(config);
  const commands = new Commands(eventStore);
  return {
    config,
    eventStore,
    commands,
    close: () => eventStore.close(),
  };
}

function openEventStore(config: Config): EventStore {
  switch (config.eventStore.adapter) {
    case 'sqlite':
      return new SqliteEventStore({
        file: resolve(config.eventStore.sqlite.file || join(config.dataDir, 'events.db')),
        synchronous: config.eventStore.sqlite.synchronous,
        maxEventBytes: config.eventStore.maxEventBytes,
      });
  }
}
