import { join } from 'node:path';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteGenerationLeases } from '../../src/adapters/sqlite/read-models/sqlite-generation-leases.js';
import { SqliteProjectionRegistry } from '../../src/adapters/sqlite/read-models/sqlite-projection-registry.js';
import type { RegistryFixture } from '../contracts/projection-registry.contract.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import type { Engine } from './engine-matrix.js';
import { mongodbRegistry } from './mongodb-engines.js';

const sqlite: Engine<RegistryFixture> = {
  name: 'sqlite',
  unavailable: () => undefined,
  fixture: () => {
    const file = join(scratchDirectory(), 'read-models.db');
    return {
      open: async () => {
        const database = new ReadModelDatabase(file);
        return { registry: new SqliteProjectionRegistry(database), leases: new SqliteGenerationLeases(database), close: async () => database.close() };
      },
    };
  },
};


export const REGISTRY_ENGINES = [sqlite, mongodbRegistry];
