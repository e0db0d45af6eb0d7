import type { Collection } from 'mongodb';
import type { ChangeEntry } from './change-entry.js';
import { newestSequence, sequenceId, SEQUENCE_IDS } from './change-sequence.js';

const PAGE = 1_000;
/** After this long without news, the reader looks for the next entry by range, in case entries it had not read were pruned. */
const RESYNC_MS = 5_000;

/**
 * Reads the change log by sequence number, for servers without change streams. Numbers have no
 * gaps (see ChangeSequence), so each read looks up the next number by `_id`: one index lookup
 * when nothing happened, on FerretDB too. Only a reader that fell behind the retention (it
 * could not reach the server for minutes) finds its next entry pruned; it goes on from the
 * oldest one left.
 */
export class ChangeTail {
  private last = 0;
  private heardAt = Date.now();

  constructor(private readonly changes: Collection<ChangeEntry>) {}

  /** Starts after the newest entry: only changes from now on are relayed. */
  async start(): Promise<void> {
    this.last = await newestSequence(this.changes);
  }

  /** Hands the entries written since the previous read to `relay`, in sequence order. */
  async read(relay: (entry: ChangeEntry) => void): Promise<void> {
    for (let n = 0; n < PAGE; n += 1) {
      const entry = await this.changes.findOne({ _id: sequenceId(this.last + 1) });
      if (!entry) break;
      this.last += 1;
      this.heardAt = Date.now();
      relay(entry);
    }
    if (Date.now() - this.heardAt < RESYNC_MS) return;
    this.heardAt = Date.now();
    const [next] = await this.changes.find({ _id: { ...SEQUENCE_IDS, $gt: sequenceId(this.last) } }, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(1).toArray();
    if (next) this.last = Number(next._id) - 1;
  }
}
