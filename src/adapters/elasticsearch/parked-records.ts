import type { Client, estypes } from '@elastic/elasticsearch';
import type { JsonObject } from '../../core/events.js';
import type { ParkedEvent } from '../../core/ports/read-model-store.js';
import { comparePositions, formatPosition, type Position } from '../../core/position.js';
import type { ElasticsearchBulk } from './elasticsearch-bulk.js';
import { createIndexIfMissing } from './create-index-if-missing.js';
import { ParkedJournal } from './parked-journal.js';

interface ParkedSource {
  readonly key: string;
  /** Commit and prepare, zero-padded: sorts as the position does. */
  readonly order: string;
  readonly deleted: boolean;
  readonly event?: JsonObject;
}

const PAGE = 1_000;

/**
 * The parked index: one record per generation key and position. Records are copied from the
 * checkpoint journals (see ParkedJournal), each versioned by the sequence number of the record
 * that carried it, so a stale worker copying an older journal late never undoes a newer one; an
 * unparked event therefore stays as a record marked deleted, until truncate or drop.
 */
export class ParkedRecords {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  async create(): Promise<void> {
    await createIndexIfMissing(this.client, this.index, {
      settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
      mappings: { dynamic: false, properties: { key: { type: 'keyword' }, order: { type: 'keyword' }, deleted: { type: 'boolean' } } },
    });
  }

  /** Adds the copies of a journal to a bulk request. */
  stage(bulk: ElasticsearchBulk, key: string, journal: ParkedJournal, version: number): void {
    for (const position of journal.unparked) {
      bulk.index(this.index, idOf(key, position), { key, order: orderOf(position), deleted: true }, String(version));
    }
    for (const event of journal.parked) {
      const source = { key, order: orderOf(event.position), deleted: false, event: ParkedJournal.encode(event) };
      bulk.index(this.index, idOf(key, event.position), source, String(version));
    }
  }

  /** The parked events of a key in position order, with the last journal applied. */
  async list(key: string, journal: ParkedJournal): Promise<ParkedEvent[]> {
    const listing = new Map<string, ParkedEvent>();
    for (const hit of await this.all(key, [{ term: { deleted: false } }])) {
      const source = hit._source?.event;
      if (!source) continue;
      const event = ParkedJournal.decode(source);
      listing.set(formatPosition(event.position), event);
    }
    journal.applyTo(listing);
    return [...listing.values()].sort((a, b) => comparePositions(a.position, b.position));
  }

  /** Deletes every record of a key, and refreshes so that a listing no longer sees them. */
  async removeAll(key: string): Promise<void> {
    const hits = await this.all(key, []);
    if (hits.length === 0) return;
    await this.client.bulk({ operations: hits.map((hit) => ({ delete: { _index: this.index, _id: hit._id! } })), refresh: true });
  }

  private async all(key: string, filter: estypes.QueryDslQueryContainer[]): Promise<estypes.SearchHit<ParkedSource>[]> {
    const hits: estypes.SearchHit<ParkedSource>[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await this.client.search<ParkedSource>({
        index: this.index,
        query: { bool: { filter: [{ term: { key } }, ...filter] } },
        sort: [{ order: 'asc' }],
        size: PAGE,
        ...(after ? { search_after: after } : {}),
      });
      hits.push(...page.hits.hits);
      after = page.hits.hits.at(-1)?.sort;
      if (page.hits.hits.length < PAGE || !after) return hits;
    }
  }
}

function idOf(key: string, position: Position): string {
  return `${key}@${formatPosition(position)}`;
}

function orderOf(position: Position): string {
  return `${position.commit.toString().padStart(20, '0')}/${position.prepare.toString().padStart(20, '0')}`;
}
