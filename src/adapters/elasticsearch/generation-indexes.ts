import type { Client } from '@elastic/elasticsearch';
import type { Generation } from '../../core/projections/generation.js';
import { createIndexIfMissing } from './create-index-if-missing.js';
import type { ElasticsearchIndexNames } from './elasticsearch-index-names.js';
import { IndexFoldings } from './index-foldings.js';
import type { SearchFolding } from './search-folding.js';
import { searchIndexMapping } from './search-index-mapping.js';

/** `updateAliases` as Elasticsearch 8 answers it (the client types only `acknowledged`). */
interface AliasesResponse {
  readonly action_results?: readonly { readonly action: { readonly type: string }; readonly error?: { readonly type: string } }[];
}

/**
 * The generation indexes of a store and the alias on the live one. Blue/green: a rebuild fills
 * `<name>-g<N+1>` while the alias still points to `<name>-g<N>`; `activate` moves it in one
 * `updateAliases` call, which Elasticsearch applies atomically, so a reader of the alias sees one
 * generation or the other and never none. A rebuild that fails never activates, and the alias
 * stays where it was; activating twice changes nothing.
 */
export class GenerationIndexes {
  /** Indexes known to exist, with their folding: a bulk into a missing index would create it with a dynamic mapping. */
  private readonly known = new Map<string, SearchFolding>();
  private readonly foldings: IndexFoldings;

  /** `folding`: the mode of the indexes this store creates; by default, what the node allows. */
  constructor(
    private readonly client: Client,
    private readonly names: ElasticsearchIndexNames,
    private readonly shards: number,
    private readonly folding: SearchFolding | undefined,
  ) {
    this.foldings = IndexFoldings.forClient(client);
  }

  /**
   * The generation's index and its folding, created if missing; one that another projection
   * created under the same lower-cased name is refused. An existing index keeps the folding it
   * was created with, whatever this store would choose now.
   */
  async ensure(generation: Generation): Promise<{ readonly index: string; readonly folding: SearchFolding }> {
    const index = this.names.generation(generation);
    const known = this.known.get(index);
    if (known) return { index, folding: known };
    let folding = this.folding ?? (await this.foldings.forNewIndexes());
    if (!(await createIndexIfMissing(this.client, index, searchIndexMapping(generation, this.shards, folding)))) {
      const meta = (await this.client.indices.getMapping({ index }))[index]?.mappings._meta;
      if (meta?.projection !== generation.projection.name) throw new Error(`index ${index} belongs to projection ${String(meta?.projection)}, not ${generation.projection.name}`);
      folding = IndexFoldings.recorded(meta);
    }
    this.known.set(index, folding);
    this.foldings.remember(index, folding);
    return { index, folding };
  }

  /** Moves the alias onto the generation, off whichever generation of the projection held it, in one call. */
  async activate(generation: Generation): Promise<void> {
    const alias = this.names.alias(generation);
    const response = (await this.client.indices.updateAliases({
      actions: [
        { remove: { index: this.names.generations(generation), alias, must_exist: false } },
        { add: { index: this.names.generation(generation), alias, is_write_index: true } },
      ],
    })) as AliasesResponse;
    // Failed actions are reported beside `acknowledged: true`. Removing an alias that no
    // generation holds yet (the first activation) is one, and harmless: the add still applies.
    const failed = (response.action_results ?? []).filter(
      ({ action, error }) => error && !(action.type === 'remove' && error.type === 'aliases_not_found_exception'),
    );
    if (failed.length > 0) throw new Error(`moving alias ${alias} failed: ${JSON.stringify(failed)}`);
  }

  /** Deletes and creates the index again (delete-by-query needs the reindex module), keeping the alias if it was on it. */
  async recreate(generation: Generation): Promise<void> {
    const index = this.names.generation(generation);
    const live = await this.client.indices.existsAlias({ name: this.names.alias(generation), index });
    await this.delete(generation);
    await this.ensure(generation);
    if (live) await this.activate(generation);
  }

  async delete(generation: Generation): Promise<void> {
    const index = this.names.generation(generation);
    await this.client.indices.delete({ index }, { ignore: [404] });
    this.known.delete(index);
    this.foldings.forget(index);
  }
}
