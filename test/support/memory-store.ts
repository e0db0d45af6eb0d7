import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';

/** A private embedded store that lives as long as the test. */
export function memoryEventStore(): SqliteEventStore {
  return new SqliteEventStore({ file: ':memory:' });
}
