import type { Client } from '@elastic/elasticsearch';
import { detectFolding } from './detect-folding.js';
import type { SearchFolding } from './search-folding.js';

/**
 * The folding of each generation index, shared by every store and query adapter on one client:
 * the store records the mode of an index as it creates or first meets it, and the queries read
 * it from here, or once from the index's mapping (`_meta.folding`), so that writer and reader
 * agree without a round trip per search. What the node can do is asked once per client, when the
 * first index is created.
 *
 * An index that another client deletes and creates again in the other mode (only if the node
 * gained or lost analysis-common in between) is searched the old way until this process
 * restarts: the mode is not checked on every search, which would cost a round trip each.
 */
export class IndexFoldings {
  private static readonly byClient = new WeakMap<Client, IndexFoldings>();
  private node: Promise<SearchFolding> | undefined;
  private readonly indexes = new Map<string, SearchFolding>();

  private constructor(private readonly client: Client) {}

  static forClient(client: Client): IndexFoldings {
    let foldings = IndexFoldings.byClient.get(client);
    if (!foldings) {
      foldings = new IndexFoldings(client);
      IndexFoldings.byClient.set(client, foldings);
    }
    return foldings;
  }

  /** The mode a mapping's `_meta` records; indexes made before modes were recorded fold in JS. */
  static recorded(meta: Record<string, unknown> | undefined): SearchFolding {
    return meta?.folding === 'engine' ? 'engine' : 'javascript';
  }

  /** The folding the node allows a new index: asked once per client, and again after a failed attempt. */
  forNewIndexes(): Promise<SearchFolding> {
    this.node ??= detectFolding(this.client).catch((error: unknown) => {
      this.node = undefined;
      throw error;
    });
    return this.node;
  }

  /** The index's folding, from its mapping the first time. */
  async of(index: string): Promise<SearchFolding> {
    const known = this.indexes.get(index);
    if (known) return known;
    const mapping = await this.client.indices.getMapping({ index });
    const folding = IndexFoldings.recorded(mapping[index]?.mappings._meta);
    this.indexes.set(index, folding);
    return folding;
  }

  remember(index: string, folding: SearchFolding): void {
    this.indexes.set(index, folding);
  }

  forget(index: string): void {
    this.indexes.delete(index);
  }
}
