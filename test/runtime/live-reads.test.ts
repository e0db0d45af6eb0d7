import { expect } from 'chai';
import { join } from 'node:path';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteGenerationLeases } from '../../src/adapters/sqlite/read-models/sqlite-generation-leases.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { InProcessChangeNotifier } from '../../src/core/consistency/in-process-change-notifier.js';
import type { AllEvents } from '../../src/core/ports/all-events.js';
import { ProjectionRunner } from '../../src/core/runner/projection-runner.js';
import { eventually } from '../support/async.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { counted, tallyProjection } from '../support/tally-projection.js';

const LIVE_EVENTS = 300;

/**
 * On the default live path (a catch-up subscription, under the generation's lease) each event
 * is read from the store once: the subscription delivers it, and nothing reads it again. The
 * runner's view of the event store counts the events every read and delivery returned.
 */
describe('projection runtime: the live path', function () {
  this.timeout(30_000);

  it('reads each live event once', async function () {
    const dir = scratchDirectory('projectionist-live-reads-');
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const database = new ReadModelDatabase(join(dir, 'read-models.db'));
    const store = new SqliteReadModelStore(database);
    const { projection } = tallyProjection();
    const generation = { projection, generation: 1 };
    const read = { byReadAll: 0, bySubscription: 0 };
    const counting: AllEvents = {
      readAll: async (options) => {
        const found = await events.readAll(options);
        read.byReadAll += found.length;
        return found;
      },
      countEvents: (options) => events.countEvents(options),
      headPosition: () => events.headPosition(),
      subscribeToAll: (options) => {
        const subscription = events.subscribeToAll(options);
        const iterator = subscription[Symbol.asyncIterator]();
        return {
          close: () => subscription.close(),
          [Symbol.asyncIterator]: () => ({
            next: async () => {
              const next = await iterator.next();
              if (!next.done && next.value.kind === 'event') read.bySubscription += 1;
              return next;
            },
          }),
        };
      },
    };
    const runner = new ProjectionRunner(
      {
        eventStore: Object.assign(counting, { persistentSubscriptions: events.persistentSubscriptions }),
        readModels: store,
        notifier: new InProcessChangeNotifier(),
        lease: { leases: new SqliteGenerationLeases(database), owner: 'test', ttlMs: 5_000 },
      },
      generation,
      { batchSize: 50, catchUpBatchSize: 50, batchWaitMs: 0, live: 'subscription' },
    );
    try {
      runner.start();
      await eventually(() => expect(runner.runnerState).to.equal('live'));
      const before = { ...read };
      let last;
      for (let n = 1; n <= LIVE_EVENTS; n += 1) last = await events.appendToStream(`s${n % 7}`, [counted(n)]);
      await eventually(async () => expect((await store.checkpoint(generation)).position).to.deep.equal(last!.position), 10_000);
      expect(read.byReadAll - before.byReadAll, 'live events read again from $all').to.equal(0);
      expect(read.bySubscription - before.bySubscription, 'live events delivered').to.equal(LIVE_EVENTS);
    } finally {
      await runner.close();
      database.close();
      await events.close();
    }
  });
});
