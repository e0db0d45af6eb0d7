import { expect } from 'chai';
import pg from 'pg';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { openScratchPostgresStore, scratchSchemaName } from '../engines/postgres-event-store-engine.js';

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

describeEachEngine('schema migrations', [postgres], (engine) => {
  describe(`${engine}: the schema`, function () {
    it('is migrated once when several stores start on a new schema at the same moment', async function () {
      const schema = scratchSchemaName();
      const stores = await Promise.all(Array.from({ length: 6 }, () => openScratchPostgresStore({ schema })));
      try {
        const ids = await Promise.all(stores.map((store) => store.storeId()));
        expect(new Set(ids).size, 'one store identity').to.equal(1);
        await stores[0]!.appendToStream('s', [{ type: 'Created', data: {} }]);
        expect(await stores[5]!.readStream('s')).to.have.length(1);
        const client = new pg.Client({ connectionString: process.env.POSTGRES_URL });
        await client.connect();
        try {
          const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
          expect(rows.map((row) => row.version)).to.deep.equal([1, 2]);
        } finally {
          await client.end();
        }
      } finally {
        // Each close drops the schema; the first one does it, the others find it gone.
        for (const store of stores) await store.close();
      }
    });
  });
});
