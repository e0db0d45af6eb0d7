import type { Client } from '@elastic/elasticsearch';
import type { JsonObject } from '../../src/core/events.js';

const PAGE = 1_000;

/**
 * Every live document behind a generation's alias, as readers see them: read through the alias
 * rather than the index, so that an alias left on the wrong generation (a crash between the
 * registry's switch and the alias move) fails the comparison instead of passing unseen. A
 * point in time with `search_after` pages past the 10,000 hits one search may return, and
 * every page comes from the same snapshot of the index.
 */
export async function elasticsearchDocuments(client: Client, alias: string, index: string): Promise<Record<string, JsonObject>> {
  const holders = Object.keys(await client.indices.getAlias({ name: alias }));
  if (holders.length !== 1 || holders[0] !== index) throw new Error(`alias ${alias} is on ${holders.join(', ')}, not on the live generation's index ${index}`);
  await client.indices.refresh({ index: alias });
  const { id } = await client.openPointInTime({ index: alias, keep_alive: '1m' });
  const documents: Record<string, JsonObject> = {};
  try {
    let after: (string | number | null)[] | undefined;
    for (;;) {
      const page = await client.search<JsonObject & { _pj?: { deleted?: boolean } }>({
        size: PAGE,
        pit: { id, keep_alive: '1m' },
        sort: [{ _shard_doc: 'asc' }],
        query: { match_all: {} },
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      const hits = page.hits.hits;
      for (const hit of hits) {
        const { _pj, ...body } = hit._source!;
        if (!_pj?.deleted) documents[hit._id!] = body;
      }
      if (hits.length < PAGE) return documents;
      after = hits[hits.length - 1]!.sort as (string | number | null)[];
    }
  } finally {
    await client.closePointInTime({ id });
  }
}
