import type { Client } from '@elastic/elasticsearch';
import type { SearchFolding } from './search-folding.js';

/** How an Elasticsearch read-model store or query adapter reaches its indexes. */
export interface ElasticsearchStoreOptions {
  /** Shared by the store and the queries; it belongs to whoever created it, who also closes it. */
  readonly client: Client;
  /** Prepended to every index and alias name; `projectionist-` by default. */
  readonly prefix?: string;
  /**
   * How a batch is made searchable before its checkpoint is stored. `force` (the default)
   * refreshes the touched shards at once, costing a few milliseconds per batch; `wait_for` waits
   * for the next scheduled refresh (up to `refresh_interval`, 1 s by default), which spares
   * segments on a busy cluster but caps one runner at about one batch per second.
   */
  readonly refresh?: 'force' | 'wait_for';
  /** Primary shards of each generation index (1 by default, which keeps BM25 ranking exact). */
  readonly shards?: number;
  /**
   * How the indexes this store creates fold accents and case (see SearchFolding). By default,
   * `engine` where the node has analysis-common and `javascript` elsewhere, asked of the node
   * once. Set it to test one mode on purpose; an existing index keeps the mode it was made with.
   */
  readonly folding?: SearchFolding;
}
