import { Client } from '@elastic/elasticsearch';
import { join, resolve } from 'node:path';
import { ElasticsearchReadModelStore } from '../adapters/elasticsearch/elasticsearch-read-model-store.js';
import { ElasticsearchSearchQueries } from '../adapters/elasticsearch/elasticsearch-search-queries.js';
import { ReadModelDatabase } from '../adapters/sqlite/read-models/read-model-database.js';
import { SqliteChangeLog } from '../adapters/sqlite/read-models/sqlite-change-log.js';
import { SqliteDocumentQueries } from '../adapters/sqlite/read-models/sqlite-document-queries.js';
import { SqliteProjectionRegistry } from '../adapters/sqlite/read-models/sqlite-projection-registry.js';
import { SqliteReadModelStore } from '../adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteSearchQueries } from '../adapters/sqlite/read-models/sqlite-search-queries.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { DocumentQueries } from '../core/ports/document-queries.js';
import type { ProjectionRegistry } from '../core/ports/projection-registry.js';
import type { ReadModelStore } from '../core/ports/read-model-store.js';
import type { SearchQueries } from '../core/ports/search-queries.js';
import { RoutingReadModelStore } from '../core/read-models/routing-read-model-store.js';
import type { Config } from './config-schema.js';

export interface ReadModels {
  readonly store: ReadModelStore;
  readonly documents: DocumentQueries;
  readonly search: SearchQueries;
  readonly registry: ProjectionRegistry;
  close(): Promise<void>;
}

interface DocumentsSide {
  readonly store: ReadModelStore & { recordChange(...args: Parameters<SqliteReadModelStore['recordChange']>): Promise<void> };
  readonly documents: DocumentQueries;
  readonly search: SearchQueries;
  readonly registry: ProjectionRegistry;
  readonly relay: { close(): void } | undefined;
  close(): void;
}

/**
 * Picks the read-model engines: documents (with the registry and the change log) on SQLite,
 * search on SQLite or Elasticsearch. `relayChanges` makes this process hear of batches that
 * workers in other processes commit.
 */
export function openReadModels(config: Config, notifier: ChangeNotifier, relayChanges: boolean): ReadModels {
  const documentsSide = openDocuments(config, notifier, relayChanges);
  if (config.readModels.search === 'sqlite') {
    return {
      store: documentsSide.store,
      documents: documentsSide.documents,
      search: documentsSide.search,
      registry: documentsSide.registry,
      close: async () => {
        documentsSide.relay?.close();
        documentsSide.close();
      },
    };
  }
  const client = new Client({ node: config.elasticsearch.url, requestTimeout: 30_000 });
  const searchStore = new ElasticsearchReadModelStore({ client, prefix: config.elasticsearch.prefix, refresh: config.elasticsearch.refresh });
  return {
    store: new RoutingReadModelStore(documentsSide.store, searchStore, (generation, batch) => documentsSide.store.recordChange(generation, batch)),
    documents: documentsSide.documents,
    search: new ElasticsearchSearchQueries({ client, prefix: config.elasticsearch.prefix }),
    registry: documentsSide.registry,
    close: async () => {
      documentsSide.relay?.close();
      await searchStore.close();
      await client.close();
      documentsSide.close();
    },
  };
}

function openDocuments(config: Config, notifier: ChangeNotifier, relayChanges: boolean): DocumentsSide {
  const database = new ReadModelDatabase(resolve(config.readModels.sqlite.file || join(config.dataDir, 'read-models.db')));
  return {
    store: new SqliteReadModelStore(database),
    documents: new SqliteDocumentQueries(database),
    search: new SqliteSearchQueries(database),
    registry: new SqliteProjectionRegistry(database),
    relay: relayChanges ? new SqliteChangeLog(database, notifier) : undefined,
    close: () => database.close(),
  };
}
