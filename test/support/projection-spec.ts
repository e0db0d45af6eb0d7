import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue, RecordedEvent } from '../../src/core/events.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { collectionsOf, type Projection } from '../../src/core/projections/projection.js';
import { BatchProcessor } from '../../src/core/runner/batch-processor.js';
import { position } from '../../src/core/position.js';
import { documentTable, searchTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';

export interface SpecEvent {
  readonly type: string;
  readonly data: JsonValue;
  readonly stream?: string;
}

/** Every collection's documents, by id. */
export type Documents = Record<string, Record<string, JsonObject>>;

/**
 * Given/when/then for a projection, after Emmett's projection specs. `then` runs the events
 * several ways and expects the same documents from each: all in one batch; one batch per event;
 * and, for every place the events can be cut, the events after the cut applied twice, the
 * second time after their checkpoint was lost (as when a store without transactions crashes
 * between its documents and its checkpoint). So every spec also proves that the projection
 * applies each event exactly once.
 */
export function projectionSpec(projection: Projection) {
  return {
    given: (...given: SpecEvent[]) => ({
      when: (...when: SpecEvent[]) => ({
        then: (expected: Documents) => verify(projection, recorded([...given, ...when]), expected),
      }),
    }),
  };
}

function recorded(events: SpecEvent[]): RecordedEvent[] {
  return events.map((event, index) => ({
    id: randomUUID(),
    type: event.type,
    streamId: event.stream ?? `stream-${index}`,
    revision: 0n,
    position: position(BigInt(index + 1)),
    data: event.data,
    metadata: { $correlationId: `correlation-${index}` },
    created: new Date(),
  }));
}

async function verify(projection: Projection, events: RecordedEvent[], expected: Documents): Promise<void> {
  const ways: [string, (run: Runner) => Promise<void>][] = [
    ['in one batch', (run) => run(events)],
    [
      'one event per batch',
      async (run) => {
        for (const event of events) await run([event]);
      },
    ],
    ...events.map((_, cut): [string, (run: Runner) => Promise<void>] => [
      `from event ${cut + 1} on twice, after losing the checkpoint`,
      async (run) => {
        if (cut > 0) await run(events.slice(0, cut));
        await run(events.slice(cut));
        await run(events.slice(cut), { forgetCheckpoint: true });
      },
    ]),
  ];
  for (const [way, feed] of ways) {
    const documents = await applied(projection, feed);
    expect(documents, `${projection.name}, events applied ${way}`).to.deep.equal(withEveryCollection(projection, expected));
  }
}

type Runner = (events: RecordedEvent[], options?: { forgetCheckpoint?: boolean }) => Promise<void>;

async function applied(projection: Projection, feed: (run: Runner) => Promise<void>): Promise<Documents> {
  const database = new ReadModelDatabase(':memory:');
  const store = new SqliteReadModelStore(database);
  const generation = { projection, generation: 1 };
  await store.prepare(generation);
  const processor = new BatchProcessor(store, generation, { wait: async () => undefined });
  const blocked = new Map();
  try {
    await feed(async (events, options = {}) => {
      if (options.forgetCheckpoint) database.db.prepare('UPDATE rm_checkpoints SET commits = 0').run();
      const { commits } = await store.checkpoint(generation);
      const outcome = await processor.process({ events, checkpoint: events.at(-1)!.position, basedOn: commits, blockedStreams: blocked });
      if (outcome.stoppedAt) throw outcome.stoppedAt.error;
      expect(outcome.batch?.parked ?? [], `${projection.name} parked events`).to.deep.equal([]);
    });
    const documents: Documents = {};
    for (const collection of collectionsOf(projection)) {
      const table = projection.target.kind === 'documents' ? documentTable(generation, collection) : searchTable(generation);
      const rows = database.db.prepare(`SELECT id, body FROM ${table} WHERE body IS NOT NULL ORDER BY id`).all() as { id: string; body: string }[];
      documents[collection] = Object.fromEntries(rows.map((row) => [row.id, JSON.parse(row.body) as JsonObject]));
    }
    return documents;
  } finally {
    database.close();
  }
}

function withEveryCollection(projection: Projection, expected: Documents): Documents {
  return Object.fromEntries(collectionsOf(projection).map((collection) => [collection, expected[collection] ?? {}]));
}
