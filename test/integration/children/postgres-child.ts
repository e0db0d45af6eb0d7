/**
 * A second process on the same PostgreSQL schema, for the cross-process tests. It prints one
 * JSON line per thing it sees:
 *   consume <schema> <group>  events of a persistent subscription group, never acknowledged
 * HEARTBEAT_MS sets how often its dispatcher runs on its own (default 50).
 */
import { PostgresEventStore } from '../../../src/adapters/postgres/postgres-event-store.js';

const [mode, schema, group] = process.argv.slice(2);
const store = await PostgresEventStore.open({ url: process.env.POSTGRES_URL!, schema: schema!, poolSize: 3, persistentSubscriptions: { heartbeatMs: Number(process.env.HEARTBEAT_MS ?? 50), consumerTimeoutMs: 500 } });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (mode === 'consume') {
  say({ kind: 'ready' });
  for await (const { event, retryCount } of store.persistentSubscriptions.subscribe(group!, { bufferSize: 100, name: 'child' })) {
    say({ kind: 'event', id: event.id, retryCount });
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
