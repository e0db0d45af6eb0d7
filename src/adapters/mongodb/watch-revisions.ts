import type { Collection } from 'mongodb';
import { watchCollection } from './collection-watch.js';
import type { StoredGeneration } from './generation-history.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { pollLoop } from './poll-loop.js';

/**
 * One revision of a projection's generations in the shared `generations` collection: `_id` is
 * `<projection>@<rev>`, and the latest revision of a projection is its state.
 */
export interface RegistryRevision {
  _id: string;
  projection: string;
  rev: number;
  generations: StoredGeneration[];
  at: Date;
}

/** Without change streams, the revision numbers are read this often while anyone listens. */
const POLL_MS = 250;

/**
 * Calls `changed` whenever any process writes a registry revision. Where the server has change
 * streams, it follows one on the collection. FerretDB and a standalone mongod have none: then
 * one small query (every projection's revision numbers, summed over each one's latest) runs
 * every 250 ms; the sum grows with every transition. Its first reading calls `changed` too,
 * as a change may have landed before it was taken. Returns the stop function.
 */
export function watchRevisions(database: MongoReadModelDatabase, revisions: Collection<RegistryRevision>, changed: () => void): () => Promise<void> {
  const label = 'projection registry';
  if (database.features.changeStreams) return watchCollection(label, revisions, [], {}, changed, changed, database.log);
  let seen: number | undefined;
  return pollLoop(label, POLL_MS, async () => {
    const latest = new Map<string, number>();
    for (const { projection, rev } of await revisions.find({}, { projection: { _id: 0, projection: 1, rev: 1 } }).toArray()) {
      latest.set(projection, Math.max(latest.get(projection) ?? 0, Number(rev)));
    }
    const revision = [...latest.values()].reduce((sum, rev) => sum + rev, 0);
    if (revision !== seen) changed();
    seen = revision;
  }, database.log);
}
