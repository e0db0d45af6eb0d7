import { EventStoreDbEventStore } from '../../src/adapters/eventstoredb/eventstoredb-event-store.js';
import type { EventStoreFixture } from '../contracts/event-store.contract.js';
import type { Engine } from './engine-matrix.js';

/**
 * EventStoreDB / KurrentDB, where EVENTSTOREDB_URL names a server: set by hand or CI, or by
 * test/engines/containers.ts, which starts KurrentDB through testcontainers where Docker runs.
 * Tests share the server: every stream, type and group name in the suites is unique per test.
 */
export const eventStoreDbEngine: Engine<EventStoreFixture> = {
  name: 'eventstoredb',
  unavailable: () =>
    process.env.EVENTSTOREDB_URL ? undefined : 'EVENTSTOREDB_URL is not set and no Docker engine started KurrentDB (test/engines/containers.ts)',
  fixture: () => ({
    open: ({ maxEventBytes }) =>
      EventStoreDbEventStore.open({
        url: process.env.EVENTSTOREDB_URL!,
        maxEventBytes,
        resubscribe: { backoff: { initialMs: 20, maxMs: 500 } },
        // The suites read conversations right after writing them: scan a generous tail too.
        correlated: { tailLimit: 2_000 },
      }),
  }),
};
