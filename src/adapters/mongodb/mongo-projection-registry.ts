import type { Collection } from 'mongodb';
import type { GenerationRecord, ProjectionRegistry } from '../../core/ports/projection-registry.js';
import { ReadModelStoreError } from '../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import { isDuplicateKey } from './duplicate-keys.js';
import { GenerationHistory, type StoredGeneration } from './generation-history.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { watchRevisions, type RegistryRevision } from './watch-revisions.js';

const MAX_ATTEMPTS = 100;
/**
 * Revisions older than this are deleted behind a new one. Never sooner: a revision number must
 * not come free while a process that read the revision before it may still claim it.
 */
const KEEP_REVISIONS_MS = 60 * 60_000;

/**
 * The registry of generations in the shared `generations` collection. Each transition writes
 * a new revision of the projection's whole list of generations, claimed by inserting
 * `<projection>@<rev + 1>`: when another process wrote that revision first, the insert meets
 * its `_id` and the transition is computed again from it. Only a unique key is atomic on every
 * server (FerretDB 1.24 runs a conditional update as a read and a write apart, so two can both
 * match). Readers take each projection's latest revision, a complete list: `switchTo` makes
 * one generation live and retires the other in one insert, and no reader ever sees none or
 * two live. Revisions are deleted an hour after a newer one was written.
 *
 * `onChange` hears other processes through `watchRevisions` (a change stream, or a cheap poll
 * every 250 ms on FerretDB and a standalone mongod), and this registry's own changes at once.
 */
export class MongoProjectionRegistry implements ProjectionRegistry {
  private readonly listeners = new Set<() => void>();
  private stopWatching: (() => Promise<void>) | undefined;
  private readonly revisions: Collection<RegistryRevision>;

  constructor(private readonly database: MongoReadModelDatabase) {
    this.revisions = database.shared<RegistryRevision>('generations');
    return withReadModelErrors(this, 'registry');
  }

  async list(projection?: string): Promise<GenerationRecord[]> {
    const found = await this.revisions.find(projection === undefined ? {} : { projection }).sort({ projection: 1, rev: -1 }).toArray();
    const latest = new Map<string, RegistryRevision>();
    for (const revision of found) if (!latest.has(revision.projection)) latest.set(revision.projection, revision);
    return [...latest.values()].flatMap((revision) => new GenerationHistory(revision.projection, revision.generations).records());
  }

  async begin(projection: string, version: number): Promise<GenerationRecord> {
    let started: StoredGeneration[] = [];
    await this.change('begin', projection, (history) => {
      const next = history.begin(version, new Date());
      started = [next.started];
      return next.history;
    });
    const [record] = new GenerationHistory(projection, started).records();
    if (!record) throw new ReadModelStoreError('registry begin', new Error(`${projection} began no generation`));
    return record;
  }

  async switchTo(projection: string, generation: number): Promise<void> {
    await this.change('switch', projection, (history) => history.switchTo(generation, new Date()));
  }

  async abandon(projection: string, generation: number, state: 'failed' | 'cancelled', error?: string): Promise<void> {
    await this.change('abandon', projection, (history) => history.abandon(generation, state, error));
  }

  async forget(projection: string, generation: number): Promise<void> {
    await this.change('forget', projection, (history) => history.forget(generation));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    this.stopWatching ??= watchRevisions(this.database, this.revisions, () => this.notify());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stopListening();
    };
  }

  /** Stops watching for other processes' changes; the connection belongs to the database. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening();
  }

  private async stopListening(): Promise<void> {
    const stop = this.stopWatching;
    this.stopWatching = undefined;
    await stop?.();
  }

  /** Edits the projection's latest revision into the next one, unless another process wrote that one first. */
  private async change(operation: string, projection: string, edit: (history: GenerationHistory) => GenerationHistory | undefined): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const [current] = await this.revisions.find({ projection }).sort({ rev: -1 }).limit(1).toArray();
      const next = edit(new GenerationHistory(projection, current?.generations ?? []));
      if (!next) return;
      const rev = (current?.rev ?? 0) + 1;
      if (await this.claim(projection, rev, next)) {
        this.notify();
        return;
      }
    }
    throw new ReadModelStoreError(`registry ${operation}`, new Error(`${projection} kept changing under ${MAX_ATTEMPTS} attempts`));
  }

  /** Writes revision `rev`, unless another process wrote it first (then false); prunes old revisions. */
  private async claim(projection: string, rev: number, next: GenerationHistory): Promise<boolean> {
    try {
      await this.revisions.insertOne({ _id: `${projection}@${rev}`, projection, rev, generations: [...next.generations], at: new Date() });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await this.revisions.deleteMany({ projection, rev: { $lt: rev }, at: { $lt: new Date(Date.now() - KEEP_REVISIONS_MS) } });
    return true;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.database.log.error({ err: error }, 'a projection registry listener failed');
      }
    }
  }
}
