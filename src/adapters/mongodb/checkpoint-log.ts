import type { ClientSession, Collection } from 'mongodb';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import type { CheckpointState } from '../../core/ports/read-model-store.js';
import type { Position } from '../../core/position.js';
import { isDuplicateKey } from './duplicate-keys.js';
import { positionOf, storedPosition, type StoredPosition } from './stored-position.js';

/** Earlier commits kept behind the latest, so that a stalled worker's claim still meets them. */
const KEPT = 10;

/** One commit of a generation: `_id` is `<generation key>#<commits>`, unique. */
interface CheckpointRecord {
  _id: string;
  key: string;
  commits: number;
  pos: StoredPosition;
  at: Date;
}

/**
 * Checkpoints in the shared `checkpoints` collection, one document per commit, the latest of a
 * generation being its checkpoint. Commit n+1 is claimed by inserting `<key>#<n+1>`: of two
 * workers based on the same count, the second insert meets the first one's `_id`, and only a
 * unique key is atomic on every server. (A conditional update is no compare-and-set on
 * FerretDB 1.24: it reads and writes apart, and two of them can both match.) All but the last
 * few commits are deleted behind a new one.
 */
export class CheckpointLog {
  constructor(private readonly checkpoints: Collection<CheckpointRecord>) {}

  async latest(key: string, session?: ClientSession): Promise<CheckpointState> {
    const [record] = await this.checkpoints.find({ key }, session ? { session } : {}).sort({ commits: -1 }).limit(1).toArray();
    return record ? { position: positionOf(record.pos), commits: Number(record.commits) } : { position: undefined, commits: 0 };
  }

  /** Stores commit `basedOn + 1` at `position`, or raises CheckpointMovedError if another worker stored it or one after it. */
  async claim(key: string, basedOn: number, position: Position, session?: ClientSession): Promise<void> {
    const commits = basedOn + 1;
    const _id = `${key}#${commits}`;
    const options = session ? { session } : {};
    try {
      await this.checkpoints.insertOne({ _id, key, commits, pos: storedPosition(position), at: new Date() }, options);
    } catch (error) {
      if (isDuplicateKey(error)) throw new CheckpointMovedError(key);
      throw error;
    }
    await this.checkpoints.deleteMany({ key, commits: { $lt: commits - KEPT } }, options);
    // A worker that stalled while others committed past it may find its number free again once
    // pruned: a later commit then shows it lost, and its claim is taken back.
    if ((await this.latest(key, session)).commits !== commits) {
      await this.checkpoints.deleteOne({ _id }, options);
      throw new CheckpointMovedError(key);
    }
  }

  async forget(key: string): Promise<void> {
    await this.checkpoints.deleteMany({ key });
  }
}
