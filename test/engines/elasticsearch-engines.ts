import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { detectFolding } from '../../src/adapters/elasticsearch/detect-folding.js';
import { ElasticsearchReadModelStore } from '../../src/adapters/elasticsearch/elasticsearch-read-model-store.js';
import { ElasticsearchSearchQueries } from '../../src/adapters/elasticsearch/elasticsearch-search-queries.js';
import type { SearchFolding } from '../../src/adapters/elasticsearch/search-folding.js';
import type { DocumentQueries } from '../../src/core/ports/document-queries.js';
import type { ReadModelAdapters, ReadModelFixture } from '../contracts/read-model-store.contract.js';
import type { Engine } from './engine-matrix.js';

/** The adapters of one test, with what Elasticsearch-specific tests look at: the client, the index prefix and the folding of new indexes. */
export interface ElasticsearchAdapters extends ReadModelAdapters {
  readonly store: ElasticsearchReadModelStore;
  readonly client: Client;
  readonly prefix: string;
  readonly folding: SearchFolding;
}

export interface ElasticsearchFixture extends ReadModelFixture {
  /** How the indexes its stores create fold text. */
  readonly folding: SearchFolding;
  open(): Promise<ElasticsearchAdapters>;
}

/** Elasticsearch serves search targets only; a documents query here is a mistake in the suite. */
const noDocuments: DocumentQueries = {
  get: () => Promise.reject(new Error('Elasticsearch serves search targets only')),
  find: () => Promise.reject(new Error('Elasticsearch serves search targets only')),
};

/** Why the server at ELASTICSEARCH_URL cannot be used, or undefined. */
const unreachable = () => (process.env.ELASTICSEARCH_URL ? undefined : 'ELASTICSEARCH_URL is not set');

/** Whether the node folds text itself (analysis-common), asked once as the suites load: an engine's availability is known before its suite is declared. */
const nodeFolding: SearchFolding | Error | undefined = unreachable() ? undefined : await askNode(process.env.ELASTICSEARCH_URL!);

async function askNode(url: string): Promise<SearchFolding | Error> {
  const client = new Client({ node: url, requestTimeout: 30_000 });
  try {
    return await detectFolding(client);
  } catch (error) {
    return error as Error;
  } finally {
    await client.close();
  }
}

/**
 * The read-model engine on the server at ELASTICSEARCH_URL (`kinds: ['search']`), its indexes
 * folding text as `folding` says. Each test gets indexes under a prefix of its own, and `close`
 * deletes them.
 */
function elasticsearchEngine(name: string, folding: SearchFolding, unavailable: () => string | undefined): Engine<ElasticsearchFixture> {
  return {
    name,
    selectedBy: [['elasticsearch']],
    unavailable,
    fixture: () => ({
      kinds: ['search'],
      folding,
      open: async () => {
        const client = new Client({ node: process.env.ELASTICSEARCH_URL!, requestTimeout: 30_000 });
        const prefix = `pjtest-${randomBytes(5).toString('hex')}-`;
        const store = new ElasticsearchReadModelStore({ client, prefix, folding });
        return {
          store,
          client,
          prefix,
          folding,
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
}

/** Text folded in JavaScript, on a copy of each text field: what works on any node. */
export const elasticsearchReadModels = elasticsearchEngine('elasticsearch', 'javascript', unreachable);

/** Text folded by the index's own analyzer: needs the node's analysis-common module (the test node has a stand-in for the parts used). */
export const elasticsearchFoldingReadModels = elasticsearchEngine('elasticsearch-asciifolding', 'engine', () => {
  if (nodeFolding instanceof Error) return `the node could not be asked whether it folds text: ${nodeFolding.message}`;
  if (nodeFolding === 'javascript') return 'the node lacks analysis-common (no asciifolding filter), so the folding analyzer is not tested';
  return unreachable();
});
