import { expect } from 'chai';
import { eventually } from '../support/async.js';
import type { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import { InvalidAppendError, WrongExpectedRevisionError } from '../../src/core/ports/event-store-errors.js';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { openScratchPostgresStore } from '../engines/postgres-event-store-engine.js';

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

describeEachEngine('appends in shared commits', [postgres], (engine) => {
  describe(`${engine}: appends that share a commit`, function () {
    let store: PostgresEventStore;

    beforeEach(async function () {
      store = await openScratchPostgresStore();
    });

    afterEach(async function () {
      await store.close();
    });

    it('refuses text JSONB cannot hold, failing only that append of the batch', async function () {
      const outcomes = await Promise.allSettled([
        store.appendToStream('fine-1', [{ type: 'Ok', data: { text: 'café' } }]),
        store.appendToStream('nul', [{ type: 'Bad', data: { text: 'a\u0000b' } }]),
        store.appendToStream('surrogate', [{ type: 'Bad', data: { text: 'x\ud800y' } }]),
        store.appendToStream('stale', [{ type: 'Bad', data: {} }], { expectedRevision: 3n }),
        store.appendToStream('fine-2', [{ type: 'Ok', data: {} }]),
      ]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
      const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
      expect(reasons[0]).to.be.instanceOf(InvalidAppendError);
      expect(reasons[0]!.message).to.match(/PostgreSQL refused the events/);
      expect(reasons[1]).to.be.instanceOf(InvalidAppendError);
      expect(reasons[2]).to.be.instanceOf(WrongExpectedRevisionError);
      // By stream: `$all` holds an append back while any older transaction of the cluster is open (another test's, another process's).
      expect((await store.readStream('fine-1')).map((e) => e.type)).to.deep.equal(['Ok']);
      expect((await store.readStream('fine-2')).map((e) => e.type)).to.deep.equal(['Ok']);
      await eventually(async () => expect((await store.readAll({ maxCount: 10 })).map((e) => e.streamId)).to.have.members(['fine-1', 'fine-2']));
      expect(await store.readStream('nul')).to.deep.equal([]);
      expect(store.appendStats.batches).to.equal(1);
    });

    it('keeps an idempotency outcome’s text as it was given, key order included', async function () {
      const outcome = { zebra: 1, a: { y: true, b: null }, middle: 'm' };
      await store.appendToStream('keyed', [{ type: 'Created', data: {} }], { idempotency: { key: 'k-order', fingerprint: 'f', outcome, expiresAt: new Date(Date.now() + 60_000) } });
      expect(JSON.stringify((await store.findIdempotency('k-order'))!.outcome)).to.equal(JSON.stringify(outcome));
    });

    it('groups concurrent appends into few commits', async function () {
      const before = store.appendStats;
      await Promise.all(Array.from({ length: 32 }, (_, i) => store.appendToStream(`c-${i}`, [{ type: 'Tick', data: { i } }], { expectedRevision: 'no_stream' })));
      const after = store.appendStats;
      expect(after.appends - before.appends).to.equal(32);
      expect(after.batches - before.batches).to.be.at.most(2);
    });
  });
});
