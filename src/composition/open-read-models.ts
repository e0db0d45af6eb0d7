import { join, resolve } from 'node:path';
import { ReadModelDatabase } from '../adapters/sqlite/read-models/read-model-database.js';
import { SqliteChangeLog } from '../adapters/sqlite/read-models/sqlite-change-log.js';
import { SqliteDocumentQueries } from '../adapters/sqlite/read-models/sqlite-document-queries.js';
import { SqliteGenerationLeases } from '../adapters/sqlite/read-models/sqlite-generation-leases.js';
import { SqliteProjectionRegistry } from '../adapters/sqlite/read-models/sqlite-projection-registry.js';
import { SqliteReadModelStore } from '../adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteSearchQueries } from '../adapters/sqlite/read-models/sqlite-search-queries.js';
import { STDERR_LOG, type Log } from '../core/log.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { DocumentQueries } from '../core/ports/document-queries.js';
import type { GenerationLeases } from '../core/ports/generation-leases.js';
import type { ProjectionRegistry } from '../core/ports/projection-registry.js';
import type { Batch, ReadModelStore } from '../core/ports/read-model-store.js';
import type { SearchQueries } from '../core/ports/search-queries.js';
import type { Generation } from '../core/projections/generation.js';
import { RoutingReadModelStore } from '../core/read-models/routing-read-model-store.js';
import type { Config } from './config-schema.js';

export interface ReadModels {
  readonly store: ReadModelStore;
  readonly documents: DocumentQueries;
  readonly search: SearchQueries;
  readonly registry: ProjectionRegistry;
  /** Who writes each generation, kept beside the registry. */
  readonly leases: GenerationLeases;
  close(): Promise<void>;
}

/** The documents engine also keeps the registry and the change log, and records search batches in it. */
interface DocumentsEngine {
  readonly store: ReadModelStore & { recordChange(generation: Generation, batch: Batch): Promise<void> };
  readonly documents: DocumentQueries;
  /** SQLite serves search itself; MongoDB leaves it to Elasticsearch. */
  readonly search: SearchQueries | undefined;
  readonly registry: ProjectionRegistry;
  readonly leases: GenerationLeases;
  close(): Promise<void>;
}

/**
 * Picks the read-model engines: documents (with the registry and the change log) on SQLite or
 * MongoDB, search on SQLite or Elasticsearch. `relayChanges` makes this process hear of
 * batches that workers in other processes commit. The server drivers are loaded only when
 * configured: the embedded default never pays for them.
 */
export async function openReadModels(config: Config, notifier: ChangeNotifier, relayChanges: boolean, log: Log = STDERR_LOG): Promise<ReadModels> {
  const engine = config.readModels.documents === 'mongodb' ? await openMongo(config, notifier, relayChanges, log) : openSqlite(config, notifier, relayChanges);
  if (config.readModels.search === 'sqlite') {
    if (!engine.search) throw new Error('readModels.search = sqlite needs readModels.documents = sqlite: SQLite search lives beside SQLite documents');
    return { ...engine, search: engine.search };
  }
  const [{ Client }, { ElasticsearchReadModelStore }, { ElasticsearchSearchQueries }] = await Promise.all([
    import('@elastic/elasticsearch'),
    import('../adapters/elasticsearch/elasticsearch-read-model-store.js'),
    import('../adapters/elasticsearch/elasticsearch-search-queries.js'),
  ]);
  const client = new Client({ node: config.elasticsearch.url, requestTimeout: 30_000 });
  const searchStore = new ElasticsearchReadModelStore({ client, prefix: config.elasticsearch.prefix, refresh: config.elasticsearch.refresh });
  return {
    store: new RoutingReadModelStore(
      engine.store,
      searchStore,
      (generation, batch) => engine.store.recordChange(generation, batch),
      (key, epoch) => engine.leases.fence(key, epoch),
    ),
    documents: engine.documents,
    search: new ElasticsearchSearchQueries({ client, prefix: config.elasticsearch.prefix }),
    registry: engine.registry,
    leases: engine.leases,
    close: async () => {
      await searchStore.close();
      await client.close();
      await engine.close();
    },
  };
}

function openSqlite(config: Config, notifier: ChangeNotifier, relayChanges: boolean): DocumentsEngine {
  const database = new ReadModelDatabase(resolve(config.readModels.sqlite.file || join(config.dataDir, 'read-models.db')));
  const relay = relayChanges ? new SqliteChangeLog(database, notifier) : undefined;
  return {
    store: new SqliteReadModelStore(database),
    documents: new SqliteDocumentQueries(database),
    search: new SqliteSearchQueries(database),
    registry: new SqliteProjectionRegistry(database),
    leases: new SqliteGenerationLeases(database),
    close: async () => {
      relay?.close();
      database.close();
    },
  };
}

async function openMongo(config: Config, notifier: ChangeNotifier, relayChanges: boolean, log: Log): Promise<DocumentsEngine> {
  const [{ MongoChangeLog }, { MongoDocumentQueries }, { MongoGenerationLeases }, { MongoProjectionRegistry }, { MongoReadModelDatabase }, { MongoReadModelStore }] = await Promise.all([
    import('../adapters/mongodb/mongo-change-log.js'),
    import('../adapters/mongodb/mongo-document-queries.js'),
    import('../adapters/mongodb/mongo-generation-leases.js'),
    import('../adapters/mongodb/mongo-projection-registry.js'),
    import('../adapters/mongodb/mongo-read-model-database.js'),
    import('../adapters/mongodb/mongo-read-model-store.js'),
  ]);
  const database = await MongoReadModelDatabase.open({
    url: config.mongodb.url,
    database: config.mongodb.database,
    log,
    ...(config.mongodb.transactions === 'off' ? { transactions: false } : {}),
  });
  const registry = new MongoProjectionRegistry(database);
  const relay = relayChanges ? await MongoChangeLog.start(database, notifier) : undefined;
  return {
    store: new MongoReadModelStore(database),
    documents: new MongoDocumentQueries(database),
    search: undefined,
    registry,
    leases: new MongoGenerationLeases(database),
    close: async () => {
      await registry.close();
      await relay?.close();
      await database.close();
    },
  };
}
