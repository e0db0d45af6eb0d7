/**
 * Opens the embedded event store with read-ahead, reads two pages (the second read ahead), prints
 * what it read, and never closes the store: the process must still exit by itself.
 *   node --import tsx read-ahead-child.ts <events.db>
 */
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqlite-event-store.js';

const store = new SqliteEventStore({ file: process.argv[2]!, readAhead: true });
for (let i = 0; i < 300; i += 1) await store.appendToStream(`s-${i % 5}`, [{ type: 'Tick', data: { i } }]);
const first = await store.readAll({ fromPosition: 'start', maxCount: 101 });
// Long enough for the thread to start and read the next page.
await new Promise((resolve) => setTimeout(resolve, 1_000));
const second = await store.readAll({ fromPosition: first[100]!.position, maxCount: 101 });
process.stdout.write(`${JSON.stringify({ read: first.length + second.length - 1, last: (second.at(-1)!.data as { i: number }).i })}\n`);
