import type { Generation } from '../../core/projections/generation.js';
import { generationKey } from '../../core/projections/generation.js';
import { collectionsOf, type DocumentsTarget } from '../../core/projections/projection.js';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import type { Batch, CheckpointState, ParkedEvent, ReadModelStore, StoreCapabilities, StoredDocument } from '../../core/ports/read-model-store.js';
import { changeEntryOf } from './change-entry.js';
import { ChangeSequence } from './change-sequence.js';
import { CheckpointLog } from './checkpoint-log.js';
import { checkedField } from './checked-field.js';
import { storedDocumentOf, type DocumentRecord } from './document-record.js';
import { ensureCollection } from './ensure-collection.js';
import { generationCollection } from './generation-collections.js';
import { guardedCommit } from './guarded-commit.js';
import { knowable } from '../known-documents/knowable.js';
import { KnownDocuments } from '../known-documents/known-documents.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { parkedEventOf, type ParkedRecord } from './parked-records.js';
import { transactionalCommit } from './transactional-commit.js';

export interface MongoReadModelStoreOptions {
  /** Entries older than ten minutes leave the change log on every this many commits of the store (1,000). */
  readonly pruneChangesEvery?: number;
}

/**
 * Documents targets in MongoDB: one collection per generation and collection
 * (`<projection>__g<generation>__<collection>`), documents `{ _id, body, pos, late }`, declared
 * indexes on `body.<field>`; checkpoints, parked events and the change log in shared
 * collections. On a replica set a batch commits in one transaction (`transactionalCommit`);
 * elsewhere every document is written only over an older position and the checkpoint moves
 * last, claimed under its commit number (`guardedCommit`). Deltas are applied in place on both.
 * Search targets belong to Elasticsearch. A generation built from zero in this process is
 * neither loaded from nor read before writing where its documents cannot exist yet
 * (KnownDocuments).
 */
export class MongoReadModelStore implements ReadModelStore {
  readonly capabilities: StoreCapabilities;
  private commits = 0;
  private readonly pruneEvery: number;
  private readonly checkpoints: CheckpointLog;
  private readonly sequence: ChangeSequence;
  private readonly known: KnownDocuments;

  constructor(
    private readonly database: MongoReadModelDatabase,
    options: MongoReadModelStoreOptions = {},
  ) {
    this.pruneEvery = options.pruneChangesEvery ?? 1_000;
    this.checkpoints = new CheckpointLog(database.shared('checkpoints'));
    this.sequence = new ChangeSequence(database.shared('changes'));
    this.known = KnownDocuments.of(database.db);
    const { transactions, topology, atomicUpdates } = database.features;
    // In-place deltas are guarded updates; where an update with a filter beyond a bare _id scans
    // the whole collection (FerretDB 1.24), loading documents by _id and writing them whole is cheaper.
    const deltas = atomicUpdates ? (['documents'] as const) : ([] as const);
    this.capabilities = transactions
      ? { transactional: true, consistency: `transactions (${topology})`, deltas, remote: ['documents'] }
      : { transactional: false, consistency: `position guards (no transactions: ${topology})`, deltas, remote: ['documents'] };
    return withReadModelErrors(this, 'read model');
  }

  async prepare(generation: Generation): Promise<void> {
    for (const [collection, spec] of Object.entries(documentsTarget(generation).collections)) {
      const name = generationCollection(generation, collection);
      await ensureCollection(this.database.db, name);
      for (const [n, index] of (spec.indexes ?? []).entries()) {
        await this.database.db.collection(name).createIndex(Object.fromEntries(index.fields.map((field) => [`body.${checkedField(field)}`, 1])), { name: `i${n}` });
      }
    }
    // The partitions of a generation share its collections, and other processes write some of them: no process knows them whole.
    const key = generationKey(generation);
    if (knowable(generation) && !this.known.has(key) && (await this.empty(generation))) this.known.startEmpty(key, this.collectionsOf(generation));
  }

  async load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    const name = generationCollection(generation, collection);
    const known = this.known.collection(name);
    const wanted = known ? ids.filter((id) => known.mayExist(id)) : ids;
    if (wanted.length === 0) return new Map();
    const documents = this.database.db.collection<DocumentRecord>(name);
    // The runtime loads one document at a time: a bare `_id` filter is the one FerretDB hands to SQLite.
    const [only] = wanted;
    const records =
      wanted.length === 1 && only !== undefined
        ? [await documents.findOne({ _id: only })].filter((record) => record !== null)
        : await documents.find({ _id: { $in: wanted } }).toArray();
    return new Map(records.map((record) => [record._id, storedDocumentOf(record)]));
  }

  knownEmpty(generation: Generation): boolean {
    return this.known.empty(generationKey(generation));
  }

  async commit(generation: Generation, batch: Batch): Promise<void> {
    this.commits += 1;
    const prune = this.commits % this.pruneEvery === 0;
    documentsTarget(generation);
    const key = generationKey(generation);
    // Someone else committed since this process's last commit: what it loaded as absent may exist.
    if (this.known.outdated(key, batch.basedOn)) {
      this.known.forget(key);
      throw new CheckpointMovedError(key);
    }
    try {
      if (this.capabilities.transactional) await transactionalCommit(this.database, generation, batch, { prune });
      else await guardedCommit(this.database, generation, batch, { sequence: this.sequence, prune });
    } catch (error) {
      this.known.forget(key);
      throw error;
    }
    this.known.committed(key, batch.basedOn);
  }

  async checkpoint(generation: Generation): Promise<CheckpointState> {
    return this.checkpoints.latest(generationKey(generation));
  }

  async parked(generation: Generation): Promise<ParkedEvent[]> {
    const records = await this.database.shared<ParkedRecord>('parked').find({ key: generationKey(generation) }).sort({ 'pos.c': 1, 'pos.p': 1 }).toArray();
    return records.map(parkedEventOf);
  }

  /** The checkpoint goes first: after a crash half-way, the generation replays from zero over guarded documents. */
  async truncate(generation: Generation): Promise<void> {
    await this.forgetProgress(generation);
    for (const name of this.collectionsOf(generation)) await this.database.db.collection(name).deleteMany({});
    if (knowable(generation)) this.known.startEmpty(generationKey(generation), this.collectionsOf(generation));
  }

  async drop(generation: Generation): Promise<void> {
    await this.forgetProgress(generation);
    for (const name of this.collectionsOf(generation)) await this.database.db.collection(name).drop();
  }

  /**
   * Records a batch committed to another store (Elasticsearch keeps no change log), so that
   * processes without workers hear of it.
   */
  async recordChange(generation: Generation, batch: Batch): Promise<void> {
    await this.sequence.append(changeEntryOf(generation, batch));
  }

  /** The connection belongs to the MongoReadModelDatabase, closed by its owner. */
  async close(): Promise<void> {}

  /** Nothing of the generation exists: no commit, no document (the one document of an unfiltered find is a cheap query everywhere). */
  private async empty(generation: Generation): Promise<boolean> {
    if ((await this.checkpoints.latest(generationKey(generation))).commits !== 0) return false;
    for (const name of this.collectionsOf(generation)) {
      if (await this.database.db.collection(name).findOne({}, { projection: { _id: 1 } })) return false;
    }
    return true;
  }

  private async forgetProgress(generation: Generation): Promise<void> {
    documentsTarget(generation);
    const key = generationKey(generation);
    this.known.forget(key);
    await this.checkpoints.forget(key);
    await this.database.shared<ParkedRecord>('parked').deleteMany({ key });
  }

  private collectionsOf(generation: Generation): string[] {
    documentsTarget(generation);
    return collectionsOf(generation.projection).map((collection) => generationCollection(generation, collection));
  }
}

function documentsTarget(generation: Generation): DocumentsTarget {
  const target = generation.projection.target;
  if (target.kind !== 'documents') throw new Error(`MongoDB serves documents targets only; ${generation.projection.name} is a ${target.kind} target`);
  return target;
}
