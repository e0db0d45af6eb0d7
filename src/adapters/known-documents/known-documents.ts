import { KnownCollection } from './known-collection.js';

/** Past this many documents in one generation (about 100 bytes each), it is forgotten, and its documents are read again. */
const MAX_DOCUMENTS = 500_000;

interface KnownGeneration {
  /** The commit count the knowledge holds at: this process made every commit up to it. */
  commits: number;
  readonly collections: Map<string, KnownCollection>;
}

/**
 * What this process knows of the generations it builds from zero: every document written to
 * them since they were seen empty, with its position. A document not listed does not exist, so
 * neither loading it nor reading its stored position before writing it needs a query. That
 * matters on FerretDB 1.24, which answers every `_id` query by scanning the collection (a rebuild
 * that read before each write slowed down as its collections grew), and on Elasticsearch, where
 * a rebuild would otherwise ask for every document of each batch before writing it.
 *
 * It starts when the store sees a generation empty at zero commits (prepare, truncate) and holds
 * while every commit of the generation is this process's: tied to the commit count, as the
 * runner's document cache is. A commit based on another count means someone else committed
 * meanwhile, so documents loaded as absent may exist: the store forgets the generation and
 * refuses the commit (CheckpointMovedError), and the runner starts over, reading. A failed commit
 * is forgotten too. After a restart nothing is known, and every document is read first, as before.
 *
 * Kept per connection (a WeakMap on, say, MongoDB's `Db`), where both a store and the commit
 * steps that write documents (given only the collection) reach it. Collections go by the
 * engine's full names (a MongoDB collection, an Elasticsearch index).
 */
export class KnownDocuments {
  private static readonly byConnection = new WeakMap<object, KnownDocuments>();
  private readonly generations = new Map<string, KnownGeneration>();
  private readonly byCollection = new Map<string, KnownCollection>();

  static of(connection: object): KnownDocuments {
    let known = KnownDocuments.byConnection.get(connection);
    if (!known) {
      known = new KnownDocuments();
      KnownDocuments.byConnection.set(connection, known);
    }
    return known;
  }

  has(key: string): boolean {
    return this.generations.has(key);
  }

  /** True while the generation is known, and this process has written nothing to it. */
  empty(key: string): boolean {
    const generation = this.generations.get(key);
    return generation !== undefined && [...generation.collections.values()].every((documents) => documents.size === 0);
  }

  /** The generation's collections (their full names) are empty and its checkpoint is at zero commits. */
  startEmpty(key: string, collections: readonly string[]): void {
    this.forget(key);
    const generation: KnownGeneration = { commits: 0, collections: new Map(collections.map((name) => [name, new KnownCollection()])) };
    this.generations.set(key, generation);
    for (const [name, documents] of generation.collections) this.byCollection.set(name, documents);
  }

  /** True if a commit based on `basedOn` contradicts what is known: someone else committed since. */
  outdated(key: string, basedOn: number): boolean {
    const generation = this.generations.get(key);
    return generation !== undefined && generation.commits !== basedOn;
  }

  /** This process's commit based on `basedOn` went through. */
  committed(key: string, basedOn: number): void {
    const generation = this.generations.get(key);
    if (!generation) return;
    generation.commits = basedOn + 1;
    let size = 0;
    for (const documents of generation.collections.values()) size += documents.size;
    if (size > MAX_DOCUMENTS) this.forget(key);
  }

  forget(key: string): void {
    for (const name of this.generations.get(key)?.collections.keys() ?? []) this.byCollection.delete(name);
    this.generations.delete(key);
  }

  /** What is known of one collection (by its full name), or undefined if nothing is. */
  collection(name: string): KnownCollection | undefined {
    return this.byCollection.get(name);
  }
}
