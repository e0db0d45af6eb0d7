import type { Client } from '@elastic/elasticsearch';
import type { JsonObject } from '../../core/events.js';
import { faultPoint } from '../../core/fault-point.js';
import { generationKey, type Generation } from '../../core/projections/generation.js';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import type { Batch, CheckpointState, ParkedEvent, ReadModelStore, StoreCapabilities, StoredDocument } from '../../core/ports/read-model-store.js';
import { maxPosition } from '../../core/position.js';
import { CheckpointRecords } from './checkpoint-records.js';
import { ElasticsearchBulk } from './elasticsearch-bulk.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import { ElasticsearchIndexNames } from './elasticsearch-index-names.js';
import { GenerationIndexes } from './generation-indexes.js';
import type { ElasticsearchStoreOptions } from './elasticsearch-store-options.js';
import { ParkedJournal } from './parked-journal.js';
import { ParkedRecords } from './parked-records.js';
import { versionOf } from './version-of.js';
import { knowable } from '../known-documents/knowable.js';
import { KnownDocuments } from '../known-documents/known-documents.js';
import { searchDocuments } from './search-documents.js';
import { searchTargetOf } from './search-target-of.js';

/**
 * Search read models in Elasticsearch: one index per generation, an alias on the live one.
 * Not transactional: every document write is guarded by its position (external versions), a
 * batch is refreshed before its checkpoint is stored, and the checkpoint is a compare-and-set on
 * the commit count that also carries the batch's parked events (see ParkedJournal). A crash
 * between the documents and the checkpoint leaves documents that a replay rewrites identically.
 * Accents and case are folded by each index's own analyzer where the node has analysis-common,
 * and in JavaScript elsewhere; each index records which (SearchFolding). A generation this
 * process saw empty and has been the only one to write since is loaded without asking the
 * node for documents it never wrote (KnownDocuments): a rebuild does not look up every document
 * of every batch in an index that cannot hold it.
 */
export class ElasticsearchReadModelStore implements ReadModelStore {
  readonly capabilities: StoreCapabilities = {
    transactional: false,
    consistency: 'position guards (external versioning), refreshed before each checkpoint',
    deltas: [],
    remote: ['search'],
  };
  private readonly client: Client;
  private readonly names: ElasticsearchIndexNames;
  private readonly checkpoints: CheckpointRecords;
  private readonly parkedRecords: ParkedRecords;
  private readonly indexes: GenerationIndexes;
  private readonly refresh: 'force' | 'wait_for';
  private shared: Promise<void> | undefined;
  private readonly known = new KnownDocuments();

  constructor(options: ElasticsearchStoreOptions) {
    this.client = options.client;
    this.names = new ElasticsearchIndexNames(options.prefix);
    this.checkpoints = new CheckpointRecords(this.client, this.names.checkpoints);
    this.parkedRecords = new ParkedRecords(this.client, this.names.parked);
    this.indexes = new GenerationIndexes(this.client, this.names, options.shards ?? 1, options.folding);
    this.refresh = options.refresh ?? 'force';
    // Client, network and item errors become ReadModelStoreErrors naming the operation.
    return withReadModelErrors(this, 'read model');
  }

  async prepare(generation: Generation): Promise<void> {
    // Independent indexes: made side by side, each a round trip or two.
    const [, { index }] = await Promise.all([this.sharedIndexes(), this.indexes.ensure(generation)]);
    // The partitions of a generation share its index, and other processes write some of them: no process knows it whole.
    const key = generationKey(generation);
    if (knowable(generation) && !this.known.has(key) && (await this.empty(key, index))) this.known.startEmpty(key, [index]);
  }

  async load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    this.checkCollection(generation, collection);
    const found = new Map<string, StoredDocument>();
    const index = this.names.generation(generation);
    const known = this.known.collection(index);
    const wanted = known ? ids.filter((id) => known.mayExist(id)) : ids;
    if (wanted.length === 0) return found;
    const { docs } = await this.client.mget<JsonObject>({ index, ids: [...wanted] });
    for (const doc of docs) {
      if ('error' in doc) throw new Error(`loading ${doc._id}: ${doc.error.type}: ${doc.error.reason}`);
      if (doc.found && doc._source) found.set(doc._id, searchDocuments.decode(doc._id, doc._source));
    }
    return found;
  }

  knownEmpty(generation: Generation): boolean {
    return this.known.empty(generationKey(generation));
  }

  async commit(generation: Generation, batch: Batch): Promise<void> {
    const target = searchTargetOf(generation);
    const key = generationKey(generation);
    if (batch.deltas.length > 0) throw new Error('this store applies no deltas: its capabilities list none');
    // Someone else committed since this process's last commit: what it loaded as absent may exist.
    if (this.known.outdated(key, batch.basedOn)) {
      this.known.forget(key);
      throw new CheckpointMovedError(key);
    }
    try {
      await this.sharedIndexes();
      const previous = await this.checkpoints.read(key);
      if ((previous?.state.commits ?? 0) !== batch.basedOn) throw new CheckpointMovedError(key);
      const { index, folding } = await this.indexes.ensure(generation);
      const bulk = new ElasticsearchBulk();
      for (const { collection, document } of batch.writes) {
        this.checkCollection(generation, collection);
        bulk.index(index, document.id, searchDocuments.encode(target, document, folding), versionOf(document.position));
      }
      if (previous) this.parkedRecords.stage(bulk, key, previous.journal, previous.seqNo);
      this.known.collection(index)?.unsure(batch.writes.map((write) => write.document));
      await bulk.send(this.client, this.refresh);
      faultPoint('elasticsearch-before-checkpoint');
      const position = previous?.state.position ? maxPosition(previous.state.position, batch.checkpoint) : batch.checkpoint;
      await this.checkpoints.write(key, { position, commits: batch.basedOn + 1 }, ParkedJournal.of(batch), previous);
    } catch (error) {
      this.known.forget(key);
      throw error;
    }
    this.known.committed(key, batch.basedOn);
  }

  async checkpoint(generation: Generation): Promise<CheckpointState> {
    await this.sharedIndexes();
    return (await this.checkpoints.read(generationKey(generation)))?.state ?? { position: undefined, commits: 0 };
  }

  async parked(generation: Generation): Promise<ParkedEvent[]> {
    await this.sharedIndexes();
    const key = generationKey(generation);
    const record = await this.checkpoints.read(key);
    return this.parkedRecords.list(key, record?.journal ?? ParkedJournal.empty);
  }

  /** Moves the alias onto the generation in one atomic call, off whichever generation held it; safe to repeat. */
  async activate(generation: Generation): Promise<void> {
    await this.indexes.activate(generation);
  }

  async truncate(generation: Generation): Promise<void> {
    await this.sharedIndexes();
    const key = generationKey(generation);
    this.known.forget(key);
    await this.checkpoints.remove(key);
    await this.parkedRecords.removeAll(key);
    await this.indexes.recreate(generation);
    if (knowable(generation)) this.known.startEmpty(key, [this.names.generation(generation)]);
  }

  async drop(generation: Generation): Promise<void> {
    await this.sharedIndexes();
    const key = generationKey(generation);
    this.known.forget(key);
    await this.checkpoints.remove(key);
    await this.parkedRecords.removeAll(key);
    await this.indexes.delete(generation);
  }

  /** The client is not the store's: whoever created it closes it. */
  async close(): Promise<void> {}

  /** Nothing of the generation exists: no commit, no document (refreshed first, so that a document written just before a crash counts). */
  private async empty(key: string, index: string): Promise<boolean> {
    if (((await this.checkpoints.read(key))?.state.commits ?? 0) !== 0) return false;
    await this.client.indices.refresh({ index });
    return (await this.client.count({ index })).count === 0;
  }

  private sharedIndexes(): Promise<void> {
    this.shared ??= Promise.all([this.checkpoints.create(), this.parkedRecords.create()]).then(
      () => undefined,
      (error: unknown) => {
        this.shared = undefined;
        throw error;
      },
    );
    return this.shared;
  }

  private checkCollection(generation: Generation, collection: string): void {
    const target = searchTargetOf(generation);
    if (collection !== target.collection) throw new Error(`projection ${generation.projection.name} has no collection ${collection}`);
  }
}
