/**
 * A second process on the same SQLite file, for the cross-process tests. It prints one JSON
 * line per thing it sees, so the parent can follow along:
 *   subscribe <file>        every event from $all, as it goes live
 *   consume <file> <group>  events of a persistent subscription group, never acknowledged
 */
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqlite-event-store.js';

const [mode, file, group] = process.argv.slice(2);
const store = new SqliteEventStore({ file: file!, persistentSubscriptions: { heartbeatMs: 50, consumerTimeoutMs: 500 } });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'subscribe') {
  for await (const message of store.subscribeToAll()) {
    if (message.kind === 'caughtUp') say({ kind: 'caughtUp' });
    if (message.kind === 'event') say({ kind: 'event', id: message.event.id, at: Date.now() });
  }
} else if (mode === 'consume') {
  say({ kind: 'ready' });
  for await (const { event } of store.persistentSubscriptions.subscribe(group!, { bufferSize: 100, name: 'child' })) {
    say({ kind: 'event', id: event.id });
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
