import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../src/core/events.js';
import { comparePositions } from '../../src/core/position.js';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { openScratchPostgresStore, scratchSchemaName } from '../engines/postgres-event-store-engine.js';
import { take } from '../support/async.js';

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

const WRITERS = 18;
const TRANSACTIONS_PER_WRITER = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sequence values commit out of order: the reader must never deliver a position and later see
 * an older one appear. Writers here are raw connections, each appending in its own explicit
 * transaction (the store's group commit would mostly serialise them); a third of them take
 * their transaction id first and hold the transaction open before and after writing, so that
 * transactions with older ids commit events with newer sequence values, and the reverse.
 */
describeEachEngine('gap-free $all', [postgres], (engine) => {
  describe(`${engine}: $all while transactions commit out of order`, function () {
    this.timeout(120_000);
    let store: PostgresEventStore;
    let schema: string;
    const clients: pg.Client[] = [];

    beforeEach(async function () {
      schema = scratchSchemaName();
      store = await openScratchPostgresStore({ schema });
      for (let w = 0; w < WRITERS; w += 1) {
        const client = new pg.Client({ connectionString: process.env.POSTGRES_URL, options: `-c search_path=${schema}` });
        await client.connect();
        clients.push(client);
      }
    });

    afterEach(async function () {
      await Promise.all(clients.splice(0).map((client) => client.end()));
      await store.close();
    });

    const write = async (client: pg.Client, writer: number, i: number): Promise<void> => {
      const long = writer % 3 === 0;
      const entry = {
        s: `w${writer}`,
        x: 'any',
        g: false,
        now: Date.now(),
        e: Array.from({ length: 1 + (i % 3) }, (_, k) => ({ i: randomUUID(), t: 'Gap.Tick', d: JSON.stringify({ writer, i, k }), m: '{}' })),
        k: null,
      };
      await client.query('BEGIN');
      if (long) {
        await client.query('SELECT pg_current_xact_id()');
        await sleep(Math.random() * 40);
      }
      const { rows } = await client.query<{ r: { error?: string }[] }>('SELECT pj_append_batch($1::jsonb, $2) AS r', [JSON.stringify([entry]), store.listener.channel]);
      expect(rows[0]!.r[0]!.error).to.equal(undefined);
      if (long || Math.random() < 0.2) await sleep(Math.random() * 30);
      await client.query('COMMIT');
    };

    it(`delivers every event once, in order, to a subscriber racing ${WRITERS} writers, some with long transactions`, async function () {
      const subscription = store.subscribeToAll({ filter: { prefixes: ['Gap.'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1))[0]!.kind).to.equal('caughtUp');
      const writing = Promise.all(
        clients.map(async (client, writer) => {
          for (let i = 0; i < TRANSACTIONS_PER_WRITER; i += 1) await write(client, writer, i);
        }),
      );
      const total = WRITERS * Array.from({ length: TRANSACTIONS_PER_WRITER }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
      const received: RecordedEvent[] = [];
      while (received.length < total) {
        const [message] = await take(iterator, 1, 10_000);
        if (message!.kind === 'event') {
          const last = received.at(-1);
          if (last) expect(comparePositions(last.position, message!.event.position), 'positions arrive in order').to.equal(-1);
          received.push(message!.event);
        }
      }
      await writing;
      expect(new Set(received.map((e) => e.id)).size, 'none twice').to.equal(total);
      const all = await store.readAll({ maxCount: 100_000, filter: { prefixes: ['Gap.'] } });
      expect(received.map((e) => e.id), 'none skipped, in $all order').to.deep.equal(all.map((e) => e.id));
      for (let w = 0; w < WRITERS; w += 1) {
        const revisions = received.filter((e) => e.streamId === `w${w}`).map((e) => e.revision);
        expect(revisions, `stream w${w} in revision order`).to.deep.equal(revisions.map((_, r) => BigInt(r)));
      }
      const inversions = received.filter((e, i) => i > 0 && e.position.prepare < received[i - 1]!.position.prepare).length;
      console.log(`      ${total} events; ${inversions} delivered after a higher sequence value (a reader ordering by sequence alone would have skipped or reordered them)`);
      expect(inversions, 'transactions committed sequence values out of order, as the test means them to').to.be.greaterThan(0);
      await subscription.close();
    });

    it('holds an append back from $all while an older transaction runs, yet counts it in the head', async function () {
      const holder = clients[0]!;
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      const appended = await store.appendToStream('held', [{ type: 'Held.Back', data: {} }]);
      const subscription = store.subscribeToAll({ filter: { prefixes: ['Held.'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await take(iterator, 1))[0]!.kind).to.equal('caughtUp');
      expect(await store.readAll({ maxCount: 10, filter: { prefixes: ['Held.'] } })).to.deep.equal([]);
      expect(comparePositions((await store.headPosition())!, appended.position), 'a token of the append is not beyond the head').to.equal(0);
      const started = Date.now();
      setTimeout(() => void holder.query('ROLLBACK'), 100);
      const [message] = await take(iterator, 1, 5_000);
      expect(message!.kind === 'event' && comparePositions(message!.event.position, appended.position)).to.equal(0);
      expect(Date.now() - started, 'delivered soon after the older transaction ended, though it sent no NOTIFY').to.be.below(600);
      await subscription.close();
    });
  });
});
