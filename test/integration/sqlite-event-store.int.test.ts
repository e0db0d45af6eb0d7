import { expect } from 'chai';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Position } from '../../src/core/position.js';
import { EventReader } from '../../src/adapters/sqlite/event-reader.js';
import { EventTypeRegistry } from '../../src/adapters/sqlite/event-type-registry.js';
import { openDatabase } from '../../src/adapters/sqlite/open-database.js';
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
  it('reads $all in slices when events may be large, each event once and in order, as rows would read them', async function () {
    // At 100 MB per event, a slice of JSON holds two events: seven events take four slices.
    const store = new SqliteEventStore({ file, maxEventBytes: 100_000_000 });
    try {
      const appended: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const id = randomUUID();
        appended.push(id);
        await store.appendToStream(`stream "${i % 2}" é`, [{ id, type: i % 3 === 0 ? 'Skipped' : 'Read', data: { i, text: 'line\u2028break' }, metadata: { $correlationId: `c${i}` } }]);
      }
      const read = appended.filter((_, i) => i % 3 !== 0);
      const all = await store.readAll({ fromPosition: 'start', maxCount: 100, filter: { prefixes: ['Read'] } });
      expect(all.map((event) => event.id)).to.deep.equal(read);
      expect(all.map((event) => (event.data as { i: number }).i)).to.deep.equal([1, 2, 4, 5]);
      expect(all[0]).to.deep.include({ type: 'Read', streamId: 'stream "1" é', revision: 0n, metadata: { $correlationId: 'c1' } });
      expect(all[0]!.data).to.deep.equal({ i: 1, text: 'line\u2028break' });
      expect(all[0]!.created).to.be.instanceOf(Date);
      expect((await store.readAll({ fromPosition: 'start', maxCount: 3, filter: { prefixes: ['Read'] } })).map((event) => event.id)).to.deep.equal(read.slice(0, 3));
      expect((await store.readAll({ fromPosition: all[1]!.position, maxCount: 100, filter: { prefixes: ['Read'] } })).map((event) => event.id)).to.deep.equal(read.slice(1));
      const subscription = store.subscribeToAll({ fromPosition: 'start', filter: { prefixes: ['Read'] } });
      const delivered: string[] = [];
      for await (const message of subscription) {
        if (message.kind === 'event') delivered.push(message.event.id);
        if (message.kind === 'caughtUp') break;
      }
      expect(delivered).to.deep.equal(read);
      await subscription.close();
    } finally {
      await store.close();
    }
  });
  it('counts events after any position as reading them would, from earlier counts, while another process appends, of types new since too', async function () {
    const store = open();
    const writer = open();
    try {
      const expected = async (after: Position | undefined, prefix: string | undefined) =>
        (await store.readAll({ fromPosition: 'start', maxCount: 10_000, ...(prefix ? { filter: { prefixes: [prefix] } } : {}) })).filter((event) => !after || event.position.commit > after.commit).length;
      const check = async () => {
        const all = await store.readAll({ fromPosition: 'start', maxCount: 10_000 });
        for (const after of [undefined, all[0]?.position, all[Math.floor(all.length / 2)]?.position, all.at(-1)?.position]) {
          for (const prefix of [undefined, 'Odd', 'Even']) {
            const options = { ...(after ? { after } : {}), ...(prefix ? { filter: { prefixes: [prefix] } } : {}) };
            expect(await store.countEvents({ ...options, limit: Number.MAX_SAFE_INTEGER }), `after ${after?.commit}, ${prefix}`).to.equal(await expected(after, prefix));
            expect(await store.countEvents({ ...options, limit: 3 })).to.equal(Math.min(3, await expected(after, prefix)));
          }
        }
      };
      for (let round = 0; round < 4; round += 1) {
        // From the third round on, a type that the earlier counts never saw, matched by the prefix Odd.
        const typeOf = (i: number) => (round >= 2 && i % 5 === 0 ? 'Oddity' : i % 2 ? 'Odd' : 'Even');
        for (let i = 0; i < 25; i += 1) await writer.appendToStream(`s-${i % 4}`, [{ type: typeOf(i), data: { round, i } }]);
        await check();
      }
    } finally {
      await writer.close();
      await store.close();
    }
  });
  it('reads as rows a slice whose JSON text would pass its bound, as events written under a larger MAX_EVENT_BYTES can make it', async function () {
    const store = new SqliteEventStore({ file, maxEventBytes: 40_000 });
    try {
      for (let i = 0; i < 12; i += 1) await store.appendToStream(`s-${i % 3}${'\u0001'.repeat(i)}`, [{ type: 'Sized', data: { i, text: 'é'.repeat(i % 4 === 0 ? 12_000 : 10) } }]);
      const expected = await store.readAll({ fromPosition: 'start', maxCount: 100 });
      // Read by a process that allows 8,000-byte events, in a 20,000-byte bound: slices of one event, and the 24,000-byte ones do not fit.
      const db = openDatabase(file);
      try {
        const reader = new EventReader(db, new EventTypeRegistry(db), 8_000, 20_000);
        const read = reader.readAll({ fromPosition: 'start', maxCount: 100 });
        expect(read).to.deep.equal(expected);
        expect(read.map((event) => (event.data as { i: number }).i)).to.deep.equal([...Array(12).keys()]);
        expect(reader.readPage(0, undefined, 5).events).to.deep.equal(expected.slice(0, 5));
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  });
});
