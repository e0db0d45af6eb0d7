import { expect } from 'chai';
import pg from 'pg';
import type { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import type { SubscriptionMessage } from '../../src/core/ports/all-subscription.js';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { openScratchPostgresStore, scratchSchemaName } from '../engines/postgres-event-store-engine.js';
import { eventually, take } from '../support/async.js';

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

/** Appends come from a second store on the same schema (another process, as far as the subscriber knows). */
describeEachEngine('LISTEN/NOTIFY live tail', [postgres], (engine) => {
  describe(`${engine}: the live tail`, function () {
    this.timeout(60_000);
    let subscriber: PostgresEventStore;
    let writer: PostgresEventStore;
    let schema: string;

    beforeEach(async function () {
      schema = scratchSchemaName();
      subscriber = await openScratchPostgresStore({ schema });
      writer = await openScratchPostgresStore({ schema });
    });

    afterEach(async function () {
      await writer.close().catch(() => undefined);
      await subscriber.close();
    });

    const nextEvent = async (iterator: AsyncIterator<SubscriptionMessage>, timeoutMs: number) => {
      for (;;) {
        const [message] = await take(iterator, 1, timeoutMs);
        if (message!.kind === 'event') return message!.event;
      }
    };

    it('wakes a subscriber within milliseconds of another process’s append', async function () {
      const subscription = subscriber.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1))[0]!.kind).to.equal('caughtUp');
      const latencies: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        const started = performance.now();
        await writer.appendToStream('tail', [{ type: 'Tick', data: { i } }]);
        const event = await nextEvent(iterator, 900); // under the 1 s safety poll: only NOTIFY is this quick
        latencies.push(performance.now() - started);
        expect(event.data).to.deep.equal({ i });
      }
      latencies.sort((a, b) => a - b);
      console.log(`      append → delivery in another store: median ${latencies[15]!.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
      await subscription.close();
    });

    it('loses and doubles nothing when its listening connection is killed, and listens again', async function () {
      const subscription = subscriber.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1))[0]!.kind).to.equal('caughtUp');
      await writer.appendToStream('s', [{ type: 'Before', data: {} }]);
      expect((await nextEvent(iterator, 900)).type).to.equal('Before');

      const pid = await subscriber.listener.backendPid();
      const admin = new pg.Client({ connectionString: process.env.POSTGRES_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      const during = Array.from({ length: 10 }, (_, i) => writer.appendToStream(`gap-${i % 3}`, [{ type: 'During', data: { i } }]));
      await Promise.all(during);
      const received = [];
      for (let i = 0; i < 10; i += 1) received.push(await nextEvent(iterator, 5_000));
      expect(received.map((e) => e.type)).to.deep.equal(Array(10).fill('During'));
      expect(new Set(received.map((e) => e.id)).size).to.equal(10);
      await eventually(async () => expect(subscriber.listener.listening).to.equal(true));
      expect(subscriber.listener.reconnects).to.equal(1);
      expect(await subscriber.listener.backendPid()).to.not.equal(pid);

      await writer.appendToStream('s', [{ type: 'After', data: {} }]);
      expect((await nextEvent(iterator, 900)).type).to.equal('After');
      const all = await subscriber.readAll({ maxCount: 100 });
      expect(all.map((e) => e.type)).to.deep.equal(['Before', ...Array(10).fill('During'), 'After']);
      expect(received.map((e) => e.id)).to.deep.equal(all.slice(1, 11).map((e) => e.id));
      await subscription.close();
    });

    it('goes on from where it was when every connection of the store is killed', async function () {
      const subscription = subscriber.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1))[0]!.kind).to.equal('caughtUp');
      await writer.appendToStream('s', [{ type: 'First', data: {} }]);
      expect((await nextEvent(iterator, 900)).type).to.equal('First');
      const pending = nextEvent(iterator, 10_000);
      const admin = new pg.Client({ connectionString: process.env.POSTGRES_URL });
      await admin.connect();
      try {
        // Both stores share the schema, hence the application name: writer's connections die too.
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::integer AS n FROM pg_stat_activity WHERE application_name = $1`,
          [`projectionist:${schema}`],
        );
        expect(rows[0]!.n).to.be.at.least(2);
      } finally {
        await admin.end();
      }
      await eventually(async () => {
        await writer.appendToStream('s', [{ type: 'Second', data: {} }]);
      });
      const second = await pending;
      expect(second.type).to.equal('Second');
      const all = await subscriber.readAll({ maxCount: 100 });
      expect(all.map((e) => e.type).filter((t) => t === 'First')).to.have.length(1);
      await subscription.close();
    });
  });
});
