import type { Client } from '@elastic/elasticsearch';

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
}
