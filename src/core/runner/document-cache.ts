import type { DocumentWrite, StoredDocument } from '../ports/read-model-store.js';

/**
 * The documents a runner wrote last, as the store now holds them, so that the next batches read
 * them from memory instead of the store. Only the runner's own commits fill it, and its commits
 * are guarded by the commit count: if anyone else wrote to the generation, the next commit fails
 * and the cache is cleared. Least recently used documents leave first.
 */
export class DocumentCache {
  private readonly documents = new Map<string, StoredDocument>();

  constructor(private readonly capacity: number) {}

  get(collection: string, id: string): StoredDocument | undefined {
    const key = keyOf(collection, id);
    const document = this.documents.get(key);
    if (document) {
      this.documents.delete(key);
      this.documents.set(key, document);
    }
    return document;
  }

  has(collection: string, id: string): boolean {
    return this.documents.has(keyOf(collection, id));
  }

  /** The store is about to change this document in place: the copy here is no longer right. */
  forget(collection: string, id: string): void {
    this.documents.delete(keyOf(collection, id));
  }

  remember(writes: readonly DocumentWrite[]): void {
    for (const { collection, document } of writes) {
      const key = keyOf(collection, document.id);
      this.documents.delete(key);
      this.documents.set(key, document);
    }
    for (const key of this.documents.keys()) {
      if (this.documents.size <= this.capacity) break;
      this.documents.delete(key);
    }
  }

  clear(): void {
    this.documents.clear();
  }
}

function keyOf(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
