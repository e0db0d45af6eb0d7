import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { ElasticsearchReadModelStore } from '../../src/adapters/elasticsearch/elasticsearch-read-model-store.js';
import { ElasticsearchSearchQueries } from '../../src/adapters/elasticsearch/elasticsearch-search-queries.js';
import type { DocumentQueries } from '../../src/core/ports/document-queries.js';
import type { ReadModelAdapters, ReadModelFixture } from '../contracts/read-model-store.contract.js';
import type { Engine } from './engine-matrix.js';

/** The adapters of one test, with what Elasticsearch-specific tests look at: the client and the index prefix. */
export interface ElasticsearchAdapters extends ReadModelAdapters {
  readonly store: ElasticsearchReadModelStore;
  readonly client: Client;
  readonly prefix: string;
}

export interface ElasticsearchFixture extends ReadModelFixture {
  open(): Promise<ElasticsearchAdapters>;
}

/** Elasticsearch serves search targets only; a documents query here is a mistake in the suite. */
const noDocuments: DocumentQueries = {
  get: () => Promise.reject(new Error('Elasticsearch serves search targets only')),
  find: () => Promise.reject(new Error('Elasticsearch serves search targets only')),
};

/**
 * The read-model engine on the server at ELASTICSEARCH_URL (`kinds: ['search']`). Each test gets
 * indexes under a prefix of its own, and `close` deletes them.
 */
export const elasticsearchReadModels: Engine<ElasticsearchFixture> = {
  name: 'elasticsearch',
  unavailable: () => (process.env.ELASTICSEARCH_URL ? undefined : 'ELASTICSEARCH_URL is not set'),
  fixture: () => ({
    kinds: ['search'],
    open: async () => {
      const client = new Client({ node: process.env.ELASTICSEARCH_URL!, requestTimeout: 30_000 });
      const prefix = `pjtest-${randomBytes(5).toString('hex')}-`;
      const store = new ElasticsearchReadModelStore({ client, prefix });
      return {
        store,
        client,
        prefix,
        documents: noDocuments,
        search: new ElasticsearchSearchQueries({ client, prefix }),
        close: async () => {
          await store.close();
          // Wildcard deletes are refused by default (action.destructive_requires_name): list, then delete by name.
          const indexes = Object.keys(await client.indices.get({ index: `${prefix}*`, expand_wildcards: 'all' }));
          if (indexes.length > 0) await client.indices.delete({ index: indexes });
          await client.close();
        },
      };
    },
  }),
};
