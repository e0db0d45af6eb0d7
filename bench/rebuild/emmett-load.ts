/**
 * A child process of `emmett-rebuild.ts`, so that loading's memory is not counted as the
 * rebuild's: puts the first <eventCount> events of the workload into a fresh Emmett SQLite store
 * at <store.db>. Untimed. Writes Emmett's own rows directly, after proving on a prefix of the
 * workload that they are the rows Emmett writes, and checks that Emmett's readStream reads
 * them back. Everything it prints goes to stderr.
 *
 *   node --import tsx bench/rebuild/emmett-load.ts <store.db> <eventCount>
 */
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkEmmettRows } from './check-emmett-rows.js';
import { streamTypeOf, writeEmmettRows } from './emmett-rows.js';
import { workload, type WorkloadEvent } from './workload.js';

// Emmett logs with console.log: stdout is the parent's, kept for its result line.
console.log = console.error;
console.info = console.error;

/** Events appended one by one through Emmett, to check the rows written directly against. */
const CHECKED_PREFIX = 200;

const [fileName, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!fileName || !Number.isInteger(count) || count <= 0) {
  console.error('usage: node --import tsx bench/rebuild/emmett-load.ts <store.db> <eventCount>');
  process.exit(2);
}

mkdirSync(dirname(fileName), { recursive: true });
await checkEmmettRows(dirname(fileName), Math.min(count, CHECKED_PREFIX));
const samples = new Map<string, WorkloadEvent[]>();
const kinds = new Set<string>();
const started = performance.now();
const loaded = writeEmmettRows(fileName, workload(count), (event) => {
  const kind = streamTypeOf(event.stream);
  if (!kinds.has(kind)) {
    kinds.add(kind);
    samples.set(event.stream, []);
  }
  samples.get(event.stream)?.push(event);
});
const seconds = (performance.now() - started) / 1000;
console.error(`loaded ${loaded} events into ${fileName} in ${seconds.toFixed(1)} s (${Math.round(loaded / seconds)} events/s, untimed)`);
await checkReadStream(fileName, samples);

/** Reads back, with Emmett's own readStream, the first stream of each kind, and compares it with the workload. */
async function checkReadStream(file: string, expectedStreams: Map<string, WorkloadEvent[]>): Promise<void> {
  const store = getSQLiteEventStore({ fileName: file });
  for (const [stream, expected] of expectedStreams) {
    const { events, currentStreamVersion, streamExists } = await store.readStream(stream);
    const got = events.map((e) => ({ stream: e.metadata.streamName, type: e.type, data: e.data }));
    const positions = events.map((e) => e.metadata.streamPosition);
    const globals = events.map((e) => e.metadata.globalPosition);
    const ok =
      streamExists &&
      isDeepStrictEqual(got, expected) &&
      currentStreamVersion === BigInt(expected.length) &&
      positions.every((p, i) => p === BigInt(i + 1)) &&
      globals.every((g, i) => i === 0 || g > globals[i - 1]!);
    if (!ok) throw new Error(`Emmett's readStream('${stream}') does not read back the loaded events`);
    console.error(`readStream check: ${stream} reads back its ${events.length} events`);
  }
}
