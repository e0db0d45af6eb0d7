import type { StoredDocument } from '../../core/ports/read-model-store.js';
import { comparePositions, type Position } from '../../core/position.js';

/** Documents to write, sorted by what is known of them; those stored at or past their position are left out. */
export interface KnownSplit {
  /** Not stored: inserted without a read. */
  readonly absent: StoredDocument[];
  /** Stored at an older position: replaced by `_id` without a read. */
  readonly older: StoredDocument[];
  /** Stored at a position this process does not know: read first. */
  readonly unsure: StoredDocument[];
}

/**
 * The documents of one collection that may exist (see KnownDocuments), each with the position
 * this process last wrote, or undefined where it cannot be sure of the stored one. A document
 * not listed does not exist.
 */
export class KnownCollection {
  private readonly documents = new Map<string, Position | undefined>();

  get size(): number {
    return this.documents.size;
  }

  mayExist(id: string): boolean {
    return this.documents.has(id);
  }

  split(documents: readonly StoredDocument[]): KnownSplit {
    const split: KnownSplit = { absent: [], older: [], unsure: [] };
    for (const document of documents) {
      if (!this.documents.has(document.id)) split.absent.push(document);
      else {
        const stored = this.documents.get(document.id);
        if (stored === undefined) split.unsure.push(document);
        else if (comparePositions(stored, document.position) < 0) split.older.push(document);
      }
    }
    return split;
  }

  /** About to be written: from here on they may exist, at a position not known until the write is done. */
  unsure(documents: readonly StoredDocument[]): void {
    for (const document of documents) this.documents.set(document.id, undefined);
  }

  /** Stored at their positions by this process. */
  wrote(documents: readonly StoredDocument[]): void {
    for (const document of documents) this.documents.set(document.id, document.position);
  }
}
