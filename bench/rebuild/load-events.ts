import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { workload } from './workload.js';

/**
 * Writes the workload into an embedded event store, in order: appends are issued in workload
 * order without waiting, so group commit keeps `$all` in that order. Not part of any timing.
 */
export async function loadEvents(file: string, total: number): Promise<void> {
  const store = new SqliteEventStore({ file, synchronous: 'normal' });
  let pending: Promise<unknown>[] = [];
  for (const event of workload(total)) {
    pending.push(store.appendToStream(event.stream, [{ type: event.type, data: event.data as never }]));
    if (pending.length >= 2_000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  await store.close();
}
