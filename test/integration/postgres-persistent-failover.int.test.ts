import { expect } from 'chai';
import type { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { openScratchPostgresStore, scratchSchemaName } from '../engines/postgres-event-store-engine.js';
import { eventually, Receiver } from '../support/async.js';
import { Child } from '../support/child-process.js';

const CHILD = new URL('./children/postgres-child.ts', import.meta.url).pathname;

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

describeEachEngine('persistent subscriptions across processes', [postgres], (engine) => {
  describe(`${engine}: persistent subscription groups shared by two processes`, function () {
    this.timeout(60_000);
    let store: PostgresEventStore;
    let schema: string;

    beforeEach(async function () {
      schema = scratchSchemaName();
      store = await openScratchPostgresStore({ schema });
    });

    afterEach(async function () {
      await store.close();
    });

    it('dispatches to one consumer at a time under DispatchToSingle, and fails over when its process is killed', async function () {
      await store.persistentSubscriptions.create('workers', { startFrom: 'start', consumerStrategy: 'DispatchToSingle' });
      const child = new Child(CHILD, ['consume', schema, 'workers']);
      try {
        await child.waitFor((line: { kind: string }) => line.kind === 'ready');
        await eventually(async () => expect((await store.persistentSubscriptions.info('workers')).consumers).to.have.length(1), 10_000);
        const survivor = new Receiver(store.persistentSubscriptions.subscribe('workers', { bufferSize: 100, name: 'survivor' }));
        await eventually(async () => expect((await store.persistentSubscriptions.info('workers')).consumers).to.have.length(2), 10_000);
        await store.appendToStream('jobs', Array.from({ length: 5 }, (_, i) => ({ type: 'Job', data: { i } })));
        const taken = await child.waitFor((line: { kind: string }) => line.kind === 'event', 5);
        expect(await survivor.next(300)).to.equal('nothing');
        const killedAt = Date.now();
        await child.kill('SIGKILL');
        const redelivered = await survivor.take(5, 10_000);
        console.log(`      failover after the kill: ${Date.now() - killedAt} ms (lease 500 ms)`);
        expect(redelivered.map((e) => e.event.id)).to.deep.equal(taken.map((line) => (line as unknown as { id: string }).id));
        expect(redelivered.every((e) => e.retryCount === 1)).to.equal(true);
        const info = await store.persistentSubscriptions.info('workers');
        expect(info.consumers.map((c) => c.name)).to.deep.equal(['survivor']);
      } finally {
        await child.kill();
      }
    });

    it('wakes a consumer in another process at once when work is given back, without waiting for its timer', async function () {
      await store.persistentSubscriptions.create('handover', { startFrom: 'start', consumerStrategy: 'DispatchToSingle' });
      const subscription = store.persistentSubscriptions.subscribe('handover', { bufferSize: 100, name: 'first' });
      const first = new Receiver(subscription);
      await eventually(async () => expect((await store.persistentSubscriptions.info('handover')).consumers).to.have.length(1), 10_000);
      const child = new Child(CHILD, ['consume', schema, 'handover'], { HEARTBEAT_MS: '30000' });
      try {
        await child.waitFor((line: { kind: string }) => line.kind === 'ready');
        await eventually(async () => expect((await store.persistentSubscriptions.info('handover')).consumers).to.have.length(2), 10_000);
        await store.appendToStream('jobs', Array.from({ length: 3 }, (_, i) => ({ type: 'Job', data: { i } })));
        const taken = await first.take(3);
        const from = child.received();
        const leftAt = Date.now();
        await subscription.close();
        const handedOver = await child.waitFor((line: { kind: string }) => line.kind === 'event', 3, 5_000, from);
        console.log(`      handed over to the other process ${Date.now() - leftAt} ms after the first consumer left (its timer: 30 s)`);
        expect(handedOver.map((line) => (line as unknown as { id: string }).id)).to.deep.equal(taken.map((e) => e.event.id));
      } finally {
        await child.kill();
      }
    });
  });
});
