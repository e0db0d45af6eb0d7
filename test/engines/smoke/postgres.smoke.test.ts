/**
 * Smoke test of PostgreSQL through `pg` (node-postgres): the throwaway cluster from
 * test/engines/postgres.sh or any server at POSTGRES_URL. Covers what a PostgreSQL event store needs:
 * transactions, unique violations (23505) and LISTEN/NOTIFY.
 */
import { expect } from 'chai';
import pg from 'pg';
import { describeEachEngine, type Engine } from '../engine-matrix.js';

interface Fixture { readonly url: string }

const postgres: Engine<Fixture> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => ({ url: process.env.POSTGRES_URL ?? '' }),
};

describeEachEngine('smoke', [postgres], (engine, { url }) => {
  describe(`${engine}: smoke (pg)`, () => {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
    const table = `smoke_${process.pid}_${Date.now().toString(36)}`;
    const channel = `${table}_events`;

    after(async () => {
      await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await pool.end();
    });

    it('connects and reports the server version', async () => {
      const { rows } = await pool.query<{ version: string }>('SELECT current_setting($1) AS version', ['server_version']);
      expect(rows[0]?.version).to.match(/^\d+(\.\d+)?/);
    });

    it('creates a table and inserts in a transaction, visible only after COMMIT', async () => {
      await pool.query(`CREATE TABLE ${table} (
        stream text NOT NULL, revision bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL,
        position bigserial PRIMARY KEY, UNIQUE (stream, revision))`);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const revision of [0, 1]) {
          await client.query(`INSERT INTO ${table} (stream, revision, type, data) VALUES ($1, $2, $3, $4)`,
            ['order-1', revision, revision ? 'OrderPaid' : 'OrderPlaced', { total: 42, revision }]);
        }
        expect((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n).to.equal(0); // other session
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      } finally {
        client.release();
      }
      const { rows } = await pool.query<{ revision: string; type: string; data: unknown }>(
        `SELECT revision, type, data FROM ${table} WHERE stream = $1 ORDER BY position`, ['order-1']);
      expect(rows).to.deep.equal([
        { revision: '0', type: 'OrderPlaced', data: { total: 42, revision: 0 } }, // bigint comes back as text
        { revision: '1', type: 'OrderPaid', data: { total: 42, revision: 1 } },
      ]);
    });

    it('reports a unique violation as code 23505 and rolls the transaction back', async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${table} (stream, revision, type, data) VALUES ('order-2', 0, 'OrderPlaced', '{}')`);
        const err = await client
          .query(`INSERT INTO ${table} (stream, revision, type, data) VALUES ('order-1', 1, 'OrderPaid', '{}')`)
          .then(() => undefined, (e: unknown) => e);
        expect(err).to.be.instanceOf(pg.DatabaseError);
        expect((err as pg.DatabaseError).code).to.equal('23505');
        expect((err as pg.DatabaseError).constraint).to.equal(`${table}_stream_revision_key`);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n).to.equal(2);
    });

    it('round-trips LISTEN/NOTIFY, delivered only on commit', async () => {
      const listener = await pool.connect();
      try {
        const received: { channel: string; payload: string | undefined }[] = [];
        const second = new Promise<void>((resolve) => {
          listener.on('notification', (n) => {
            received.push({ channel: n.channel, payload: n.payload });
            if (received.length === 2) resolve();
          });
        });
        await listener.query(`LISTEN ${channel}`);
        await pool.query('SELECT pg_notify($1, $2)', [channel, 'position:2']);
        const tx = await pool.connect();
        try {
          await tx.query('BEGIN');
          await tx.query('SELECT pg_notify($1, $2)', [channel, 'rolled back']);
          await tx.query('ROLLBACK');
          await tx.query('BEGIN');
          await tx.query(`NOTIFY ${channel}, 'position:3'`);
          await tx.query('COMMIT');
        } finally {
          tx.release();
        }
        await second;
        expect(received).to.deep.equal([
          { channel, payload: 'position:2' },
          { channel, payload: 'position:3' },
        ]);
        await listener.query(`UNLISTEN ${channel}`);
      } finally {
        listener.removeAllListeners('notification');
        listener.release();
      }
    });

    it('drops the table', async () => {
      await pool.query(`DROP TABLE ${table}`);
      const { rows } = await pool.query('SELECT to_regclass($1) AS t', [table]);
      expect(rows[0]?.t).to.equal(null);
    });
  });
});
