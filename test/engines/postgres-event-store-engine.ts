import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../../src/adapters/postgres/postgres-event-store.js';
import type { EventStoreFixture } from '../contracts/event-store.contract.js';
import type { Engine } from './engine-matrix.js';

/** A fresh schema per store in the POSTGRES_URL database, dropped when the store closes. */
export async function openScratchPostgresStore(options: { readonly maxEventBytes?: number; readonly schema?: string } = {}): Promise<PostgresEventStore> {
  const url = process.env.POSTGRES_URL!;
  const schema = options.schema ?? scratchSchemaName();
  const store = await PostgresEventStore.open({
    url,
    schema,
    poolSize: 6,
    maxEventBytes: options.maxEventBytes,
    persistentSubscriptions: { heartbeatMs: 50, consumerTimeoutMs: 1_000 },
  });
  const close = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      await close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  });
}

export function scratchSchemaName(): string {
  return `pj_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export const postgresEventStoreEngine: Engine<EventStoreFixture> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => ({ open: ({ maxEventBytes }) => openScratchPostgresStore({ maxEventBytes }) }),
};
