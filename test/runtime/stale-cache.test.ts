import { expect } from 'chai';
import { join } from 'node:path';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { InProcessChangeNotifier } from '../../src/core/consistency/in-process-change-notifier.js';
import type { AllEvents } from '../../src/core/ports/all-events.js';
import type { AllSubscription } from '../../src/core/ports/all-subscription.js';
import { BatchProcessor } from '../../src/core/runner/batch-processor.js';
import { ProjectionRunner } from '../../src/core/runner/projection-runner.js';
import { eventually } from '../support/async.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { counted, tallyProjection } from '../support/tally-projection.js';

/**
 * A runner that failed reloads its checkpoint; if another worker committed meanwhile,
 * the documents the runner had cached are stale. Building on them lost an update.
 */
describe('projection runtime: a reload after a failure', function () {
  this.timeout(20_000);

  it('forgets the documents it cached, so another worker’s commit is never lost', async function () {
    const dir = scratchDirectory('projectionist-stale-cache-');
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const database = new ReadModelDatabase(join(dir, 'read-models.db'));
    const store = new SqliteReadModelStore(database);
    const { projection } = tallyProjection();
    const generation = { projection, generation: 1 };
    let failNextDelivery = false;
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    // The runner's view of the event store: its live subscription breaks once, as a lost connection would.
    const flaky = new Proxy(events, {
      get(target, property, receiver) {
        if (property === 'subscribeToAll') {
          return (...args: Parameters<AllEvents['subscribeToAll']>): AllSubscription => {
            const subscription = target.subscribeToAll(...args);
            const iterator = subscription[Symbol.asyncIterator]();
            return {
              close: () => subscription.close(),
              [Symbol.asyncIterator]: () => ({
                next: async () => {
                  const next = await iterator.next();
                  if (failNextDelivery && !next.done && next.value.kind === 'event') {
                    failNextDelivery = false;
                    failed();
                    throw new Error('the connection to the event store was lost');
                  }
                  return next;
                },
              }),
            };
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = new ProjectionRunner(
      { eventStore: flaky, readModels: store, notifier: new InProcessChangeNotifier() },
      generation,
      { batchSize: 10, catchUpBatchSize: 10, batchWaitMs: 0, live: 'subscription' },
    );
    const tally = async (stream = 's') => (await store.load(generation, 'tallies', [stream])).get(stream)?.body as { seen: number[] } | undefined;
    try {
      runner.start();
      await events.appendToStream('s', [counted(1)]);
      await eventually(async () => expect((await tally())?.seen).to.deep.equal([1]));

      // The runner's subscription breaks as it delivers the next event...
      failNextDelivery = true;
      await events.appendToStream('t', [counted(1)]);
      await failure;
      // ...and while the runner backs off, another worker applies that event and one of s.
      const second = await events.appendToStream('s', [counted(2)]);
      const state = await store.checkpoint(generation);
      const applied = await events.readAll({ fromPosition: state.position!, maxCount: 10 });
      const other = new BatchProcessor(store, generation);
      await other.process({ events: applied.slice(1), checkpoint: second.position, basedOn: state.commits, blockedStreams: new Map() });
      await events.appendToStream('s', [counted(3)]);

      await eventually(async () => expect((await tally())?.seen).to.deep.equal([1, 2, 3]), 5_000);
      expect((await tally('t'))?.seen).to.deep.equal([1]);
    } finally {
      await runner.close();
      database.close();
      await events.close();
    }
  });
});
