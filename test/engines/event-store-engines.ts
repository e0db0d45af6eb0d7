import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import type { EventStoreFixture } from '../contracts/event-store.contract.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import type { Engine } from './engine-matrix.js';
import { postgresEventStoreEngine } from './postgres-event-store-engine.js';
import { eventStoreDbEngine } from './eventstoredb-event-store-engine.js';


const sqlite: Engine<EventStoreFixture> = {
  name: 'sqlite',
  unavailable: () => undefined,
  fixture: () => {
    const dir = scratchDirectory();
    return {
      open: async ({ maxEventBytes }) =>
        new SqliteEventStore({
          file: join(dir, `${randomUUID()}.db`),
          maxEventBytes,
          persistentSubscriptions: { heartbeatMs: 50, consumerTimeoutMs: 1_000 },
        }),
    };
  },
};

export const EVENT_STORE_ENGINES = [sqlite, eventStoreDbEngine, postgresEventStoreEngine];
