import { generationKey, type Generation } from '../projections/generation.js';
import type { Batch, CheckpointState, ParkedEvent, ReadModelStore, StoredDocument } from '../ports/read-model-store.js';

/**
 * Sends each projection to the store of its kind: documents projections to one engine (MongoDB,
 * SQLite), search projections to another (Elasticsearch, SQLite). When the search store keeps
 * no change log of its own, each of its batches is recorded in the documents store's, so that
 * processes without workers still hear of it.
 */
export class RoutingReadModelStore implements ReadModelStore {
  readonly capabilities;

  constructor(
    private readonly documents: ReadModelStore,
    private readonly search: ReadModelStore,
    private readonly recordChange: ((generation: Generation, batch: Batch) => Promise<void>) | undefined,
    /** Checks a writer's lease epoch for a search store that cannot check it in its own commit. */
    private readonly fence?: (key: string, epoch: number) => Promise<void>,
  ) {
    this.capabilities = {
      transactional: documents.capabilities.transactional && search.capabilities.transactional,
      consistency:
        documents === search ? documents.capabilities.consistency : `documents: ${documents.capabilities.consistency}; search: ${search.capabilities.consistency}`,
      deltas: [
        ...documents.capabilities.deltas.filter((kind) => kind === 'documents'),
        ...search.capabilities.deltas.filter((kind) => kind === 'search'),
      ],
      remote: [
        ...documents.capabilities.remote.filter((kind) => kind === 'documents'),
        ...search.capabilities.remote.filter((kind) => kind === 'search'),
      ],
    };
  }

  prepare(generation: Generation): Promise<void> {
    return this.of(generation).prepare(generation);
  }

  load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    return this.of(generation).load(generation, collection, ids);
  }

  knownEmpty(generation: Generation): boolean {
    return this.of(generation).knownEmpty?.(generation) ?? false;
  }

  async commit(generation: Generation, batch: Batch): Promise<void> {
    const store = this.of(generation);
    if (this.fence && batch.epoch !== undefined && store === this.search && store !== this.documents) await this.fence(generationKey(generation), batch.epoch);
    await store.commit(generation, batch);
    if (this.recordChange && this.of(generation) === this.search && this.search !== this.documents) await this.recordChange(generation, batch);
  }

  checkpoint(generation: Generation): Promise<CheckpointState> {
    return this.of(generation).checkpoint(generation);
  }

  parked(generation: Generation): Promise<ParkedEvent[]> {
    return this.of(generation).parked(generation);
  }

  async activate(generation: Generation): Promise<void> {
    await this.of(generation).activate?.(generation);
  }

  truncate(generation: Generation): Promise<void> {
    return this.of(generation).truncate(generation);
  }

  drop(generation: Generation): Promise<void> {
    return this.of(generation).drop(generation);
  }

  async close(): Promise<void> {
    await this.documents.close();
    if (this.search !== this.documents) await this.search.close();
  }

  private of(generation: Generation): ReadModelStore {
    return generation.projection.target.kind === 'search' ? this.search : this.documents;
  }
}
