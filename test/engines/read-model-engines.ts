import { mongodbReadModels } from './mongodb-engines.js';
import { elasticsearchFoldingReadModels, elasticsearchReadModels } from './elasticsearch-engines.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteDocumentQueries } from '../../src/adapters/sqlite/read-models/sqlite-document-queries.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteSearchQueries } from '../../src/adapters/sqlite/read-models/sqlite-search-queries.js';
import type { ReadModelFixture } from '../contracts/read-model-store.contract.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import type { Engine } from './engine-matrix.js';

/** Each test gets a read-model file of its own, with the three adapters over it. */
const sqlite: Engine<ReadModelFixture> = {
  name: 'sqlite',
  unavailable: () => undefined,
  fixture: () => {
    const dir = scratchDirectory();
    return {
      kinds: ['documents', 'search'],
      open: async () => {
        const database = new ReadModelDatabase(join(dir, `${randomUUID()}.db`));
        const store = new SqliteReadModelStore(database);
        return {
          store,
          documents: new SqliteDocumentQueries(database),
          search: new SqliteSearchQueries(database),
          close: async () => {
            await store.close();
            database.close();
          },
        };
      },
    };
  },
};

/** Will serve documents targets only: `kinds: ['documents']`. */

/** Will serve search targets only: `kinds: ['search']`. */

export const READ_MODEL_ENGINES: Engine<ReadModelFixture>[] = [sqlite, mongodbReadModels, elasticsearchReadModels, elasticsearchFoldingReadModels];
