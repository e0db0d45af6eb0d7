import { randomBytes } from 'node:crypto';
import { MongoDocumentQueries } from '../../src/adapters/mongodb/mongo-document-queries.js';
import { MongoGenerationLeases } from '../../src/adapters/mongodb/mongo-generation-leases.js';
import { MongoProjectionRegistry } from '../../src/adapters/mongodb/mongo-projection-registry.js';
import { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import type { SearchQueries } from '../../src/core/ports/search-queries.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { RegistryFixture } from '../contracts/projection-registry.contract.js';
import type { ReadModelFixture } from '../contracts/read-model-store.contract.js';
import { storeTarget, uniqueProjection } from '../support/read-model-batches.js';
import type { Engine } from './engine-matrix.js';

/** MongoDB (or FerretDB) at MONGODB_URL; each test gets a database of its own, dropped when it ends. */
const unavailable = () => (process.env.MONGODB_URL ? undefined : 'MONGODB_URL is not set');

/** A fresh database for one test; `dispose` drops it and closes the connection. */
export async function openMongoTestDatabase(options: { name?: string; transactions?: boolean } = {}) {
  const url = process.env.MONGODB_URL;
  if (!url) throw new Error('MONGODB_URL is not set');
  const database = await MongoReadModelDatabase.open({
    url,
    database: options.name ?? `projectionist_test_${randomBytes(6).toString('hex')}`,
    ...(options.transactions === undefined ? {} : { transactions: options.transactions }),
  });
  return {
    database,
    dispose: async () => {
      try {
        await database.db.dropDatabase();
      } finally {
        await database.close();
      }
    },
  };
}

/** A fresh database with a store, and one documents generation of a projection of its own, prepared. */
async function openMongoTestStore() {
  const { database, dispose } = await openMongoTestDatabase();
  const store = new MongoReadModelStore(database);
  const generation: Generation = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
  await store.prepare(generation);
  return { store, generation, dispose };
}

export interface MongoServerFixture {
  readonly open: typeof openMongoTestDatabase;
  readonly openStore: typeof openMongoTestStore;
}

/** The server itself, for MongoDB's own integration tests. */
export const mongodbServer: Engine<MongoServerFixture> = {
  name: 'mongodb',
  selectedBy: [['ferretdb']],
  unavailable,
  fixture: () => ({ open: openMongoTestDatabase, openStore: openMongoTestStore }),
};

/** MongoDB stores documents targets only; search goes to Elasticsearch. */
const noSearch: SearchQueries = {
  search: async () => {
    throw new Error('MongoDB serves no search targets');
  },
};

export const mongodbReadModels: Engine<ReadModelFixture> = {
  name: 'mongodb',
  selectedBy: [['ferretdb']],
  unavailable,
  fixture: () => ({
    kinds: ['documents'],
    open: async () => {
      const { database, dispose } = await openMongoTestDatabase();
      const store = new MongoReadModelStore(database);
      return {
        store,
        documents: new MongoDocumentQueries(database),
        search: noSearch,
        close: async () => {
          await store.close();
          await dispose();
        },
      };
    },
  }),
};

/**
 * Registries opened while another is still open share its database, as two processes would;
 * the database is dropped when the last of them closes, so the next test starts afresh.
 */
export const mongodbRegistry: Engine<RegistryFixture> = {
  name: 'mongodb',
  selectedBy: [['ferretdb']],
  unavailable,
  fixture: () => {
    let shared: { name: string; open: number } | undefined;
    return {
      open: async () => {
        const current = (shared ??= { name: `projectionist_test_${randomBytes(6).toString('hex')}`, open: 0 });
        current.open += 1;
        const { database, dispose } = await openMongoTestDatabase({ name: current.name });
        const registry = new MongoProjectionRegistry(database);
        return {
          registry,
          leases: new MongoGenerationLeases(database),
          close: async () => {
            await registry.close();
            current.open -= 1;
            if (current.open > 0) return database.close();
            if (shared === current) shared = undefined;
            await dispose();
          },
        };
      },
    };
  },
};
