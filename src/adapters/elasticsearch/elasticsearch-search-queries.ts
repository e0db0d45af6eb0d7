import type { Client } from '@elastic/elasticsearch';
import type { JsonObject } from '../../core/events.js';
import type { Generation } from '../../core/projections/generation.js';
import type { SearchTarget } from '../../core/projections/projection.js';
import { InvalidQueryError } from '../../core/ports/read-model-errors.js';
import type { SearchQueries, SearchQuery, SearchResult } from '../../core/ports/search-queries.js';
import { searchWords } from '../../core/search/search-words.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import { ElasticsearchIndexNames } from './elasticsearch-index-names.js';
import { IndexFoldings } from './index-foldings.js';
import type { ElasticsearchStoreOptions } from './elasticsearch-store-options.js';
import { searchRequest } from './search-request.js';
import { searchTargetOf } from './search-target-of.js';

/** `index.max_result_window`: from + size beyond it is refused by Elasticsearch (search_after goes deeper). */
const MAX_WINDOW = 10_000;

/**
 * Full-text search of a generation's index (queried by its own name, not the alias: a caller may
 * read a generation that is not live yet). BM25 with the declared boosts, `fuzziness: AUTO`,
 * diacritics and case ignored, by the index's analyzer or in JS as the index was made (see
 * SearchFolding). Text without a single word (only punctuation) finds nothing, without a round
 * trip; text over the port's limits is refused before one.
 */
export class ElasticsearchSearchQueries implements SearchQueries {
  private readonly client: Client;
  private readonly names: ElasticsearchIndexNames;
  private readonly foldings: IndexFoldings;

  constructor(options: Pick<ElasticsearchStoreOptions, 'client' | 'prefix'>) {
    this.client = options.client;
    this.names = new ElasticsearchIndexNames(options.prefix);
    this.foldings = IndexFoldings.forClient(options.client);
    return withReadModelErrors(this, 'search');
  }

  async search(generation: Generation, query: SearchQuery): Promise<SearchResult> {
    if (!Number.isSafeInteger(query.from) || !Number.isSafeInteger(query.size) || query.from < 0 || query.size < 0) {
      throw new InvalidQueryError('from and size must be integers of at least 0');
    }
    if (query.from + query.size > MAX_WINDOW) throw new InvalidQueryError(`from + size must not exceed ${MAX_WINDOW}`);
    const request = searchRequest(queryTargetOf(generation), query);
    if (searchWords(query.text).length === 0) return { hits: [], total: 0 };
    const index = this.names.generation(generation);
    const response = await this.client.search<JsonObject>({ index, ...request(await this.foldings.of(index)) });
    const total = response.hits.total;
    return {
      hits: response.hits.hits.map((hit) => hit._source ?? {}),
      total: typeof total === 'number' ? total : (total?.value ?? 0),
    };
  }
}

/** A documents target is a query this adapter cannot answer. */
function queryTargetOf(generation: Generation): SearchTarget {
  try {
    return searchTargetOf(generation);
  } catch (error) {
    throw new InvalidQueryError((error as Error).message);
  }
}
