/** Subscribes to `$all` of the file in argv and prints the receive time of each event. */
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';

const store = new SqliteEventStore({ file: process.argv[2]! });
for await (const message of store.subscribeToAll({ fromPosition: 'end' })) {
  if (message.kind === 'caughtUp') process.stdout.write('ready\n');
  if (message.kind === 'event') process.stdout.write(`${message.event.id} ${performance.timeOrigin + performance.now()}\n`);
}
