import { expect } from 'chai';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { eventually, Receiver } from '../support/async.js';
import { Child } from '../support/child-process.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/sqlite-child.ts', import.meta.url).pathname;

describe('sqlite: the embedded event store across processes and restarts', function () {
  this.timeout(60_000);
  const dir = scratchDirectory();
  let file: string;
  const open = () => new SqliteEventStore({ file, persistentSubscriptions: { heartbeatMs: 50, consumerTimeoutMs: 500 } });

  beforeEach(function () {
    file = join(dir, `${randomUUID()}.db`);
  });

  it('delivers events appended here to a subscriber in another process', async function () {
    const store = open();
    const child = new Child(CHILD, ['subscribe', file]);
    try {
      await child.waitFor((line: { kind: string }) => line.kind === 'caughtUp');
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const id = randomUUID();
        ids.push(id);
        await store.appendToStream(`s-${i % 3}`, [{ id, type: 'Tick', data: { i } }]);
      }
      const seen = await child.waitFor((line: { kind: string }) => line.kind === 'event', ids.length);
      expect(seen.map((line) => (line as unknown as { id: string }).id)).to.deep.equal(ids);
    } finally {
      await child.kill();
      await store.close();
    }
  });

  it('gives a killed worker’s unacknowledged events to a consumer in another process', async function () {
    const store = open();
    await store.persistentSubscriptions.create('workers', { startFrom: 'start', consumerStrategy: 'DispatchToSingle' });
    const child = new Child(CHILD, ['consume', file, 'workers']);
    try {
      await child.waitFor((line: { kind: string }) => line.kind === 'ready');
      await eventually(async () => expect((await store.persistentSubscriptions.info('workers')).consumers).to.have.length(1), 10_000);
      const survivor = new Receiver(store.persistentSubscriptions.subscribe('workers', { bufferSize: 100, name: 'survivor' }));
      await store.appendToStream('jobs', Array.from({ length: 5 }, (_, i) => ({ type: 'Job', data: { i } })));
      const taken = await child.waitFor((line: { kind: string }) => line.kind === 'event', 5);
      expect(await survivor.next(300)).to.equal('nothing');
      await child.kill('SIGKILL');
      const redelivered = await survivor.take(5, 10_000);
      expect(redelivered.map((e) => e.event.id)).to.deep.equal(taken.map((line) => (line as unknown as { id: string }).id));
      expect(redelivered.every((e) => e.retryCount === 1)).to.equal(true);
    } finally {
      await child.kill();
      await store.close();
    }
  });

  it('keeps events, group checkpoints and parked events across a restart', async function () {
    const first = open();
    await first.persistentSubscriptions.create('g', { startFrom: 'start', checkpointAfterMs: 0, checkpointLowerBound: 1, checkpointUpperBound: 1 });
    await first.appendToStream('s', [{ type: 'A', data: {} }, { type: 'B', data: {} }]);
    const consumer = first.persistentSubscriptions.subscribe('g');
    const [a, b] = await new Receiver(consumer).take(2);
    await consumer.ack([a!]);
    await consumer.nack('park', 'broken', [b!]);
    await consumer.close();
    await first.close();

    const second = open();
    try {
      expect((await second.readStream('s')).map((e) => e.type)).to.deep.equal(['A', 'B']);
      const info = await second.persistentSubscriptions.info('g');
      expect(info.parkedCount).to.equal(1);
      expect(info.checkpoint?.commit).to.equal(b!.event.position.commit);
      const [parked] = await second.persistentSubscriptions.listParked('g');
      expect([parked!.event.type, parked!.reason]).to.deep.equal(['B', 'broken']);
    } finally {
      await second.close();
    }
  });
});
