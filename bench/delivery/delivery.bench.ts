import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { scratch } from '../support/scratch.js';

const EVENTS = 300;
const SPACING_MS = 10;

/**
 * How long an appended event takes to reach a live subscriber: in the same process (woken by
 * the commit) and in a second process (woken by inotify on the WAL). Appends are spaced out, so
 * this is latency, not throughput.
 */
export async function deliveryBenchmark(): Promise<void> {
  const file = join(scratch('delivery'), 'events.db');
  const store = new SqliteEventStore({ file });
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./subscriber-child.ts', import.meta.url).pathname, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const remote = new Map<string, number>();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') return ready();
    const [id, at] = line.split(' ');
    remote.set(id!, Number(at));
  });
  await isReady;
  const local = new Map<string, number>();
  const subscription = store.subscribeToAll({ fromPosition: 'end' });
  void (async () => {
    for await (const message of subscription) {
      if (message.kind === 'event') local.set(message.event.id, performance.timeOrigin + performance.now());
    }
  })();
  const sent = new Map<string, number>();
  for (let i = 0; i < EVENTS; i += 1) {
    const id = randomUUID();
    const before = performance.timeOrigin + performance.now();
    await store.appendToStream('latency', [{ id, type: 'Ping', data: { i } }]);
    sent.set(id, before);
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  child.kill();
  await subscription.close();
  await store.close();
  const latencies = (seen: Map<string, number>) => [...sent].flatMap(([id, at]) => (seen.has(id) ? [seen.get(id)! - at] : []));
  console.log('\nDelivery latency to a live subscriber, from append call to receipt (ms)');
  for (const [label, seen] of [['same process', local], ['second process', remote]] as const) {
    const values = latencies(seen).sort((a, b) => a - b);
    const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!.toFixed(2);
    console.log(`  ${label.padEnd(15)} p50 ${at(0.5)}  p99 ${at(0.99)}  max ${at(1)}  (${values.length} of ${EVENTS} delivered)`);
  }
}
