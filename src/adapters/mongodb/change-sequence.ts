import type { ClientSession, Collection } from 'mongodb';
import { CHANGE_RETENTION_MS, type ChangeEntry } from './change-entry.js';
import { isDuplicateKey } from './duplicate-keys.js';

/** Sequence numbers as zero-padded decimal strings: they sort as numbers, and FerretDB looks up only string or ObjectId `_id`s by index. */
export function sequenceId(seq: number): string {
  return seq.toString().padStart(16, '0');
}

/** Every sequence id, and no ObjectId: the digits sort between "0" and ":". */
export const SEQUENCE_IDS = { $gte: '0', $lt: ':' };

export async function newestSequence(changes: Collection<ChangeEntry>, session?: ClientSession): Promise<number> {
  const [newest] = await changes.find({ _id: SEQUENCE_IDS }, { ...(session ? { session } : {}), projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
  return newest ? Number(newest._id) : 0;
}

/**
 * Appends entries to the change log under consecutive sequence numbers, for readers that tail
 * it by number. Each number is claimed by the insert itself (a unique `_id`); on a clash the
 * next one is tried, and after a few the newest is looked up again. So numbers have no gaps
 * and an entry lands only after every entry below it: readers never miss one by reading past
 * a gap. The number after this store's own last entry is tried first while that entry is
 * younger than half the retention: every entry above it is younger still, so none was pruned,
 * and a taken number is found taken.
 */
export class ChangeSequence {
  private last: { readonly seq: number; readonly at: number } | undefined;

  constructor(private readonly changes: Collection<ChangeEntry>) {}

  async append(entry: ChangeEntry): Promise<void> {
    const recent = this.last && Date.now() - this.last.at < CHANGE_RETENTION_MS / 2 ? this.last.seq : undefined;
    let seq = (recent ?? (await newestSequence(this.changes))) + 1;
    for (let clashes = 1; ; clashes += 1) {
      try {
        await this.changes.insertOne({ ...entry, _id: sequenceId(seq) });
        this.last = { seq, at: Date.now() };
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        seq = clashes % 4 === 0 ? (await newestSequence(this.changes)) + 1 : seq + 1;
      }
    }
  }
}

/** Deletes entries older than the retention, but never the newest sequence number: the sequence goes on from it. */
export async function pruneChanges(changes: Collection<ChangeEntry>, session?: ClientSession): Promise<void> {
  const newest = sequenceId(await newestSequence(changes, session));
  await changes.deleteMany({ at: { $lt: new Date(Date.now() - CHANGE_RETENTION_MS) }, _id: { $ne: newest } }, session ? { session } : {});
}
