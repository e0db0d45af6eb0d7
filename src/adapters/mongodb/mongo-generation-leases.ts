import type { ClientSession, Collection } from 'mongodb';
import type { GenerationLeases } from '../../core/ports/generation-leases.js';
import { LeaseLostError } from '../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import { isDuplicateKey } from './duplicate-keys.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';

interface LeaseRecord {
  _id: string;
  owner: string | null;
  epoch: number;
  expiresAt: number;
}

/**
 * Generation leases in the shared `leases` collection, one document per generation. Each step
 * of a claim is a single-document operation, atomic on MongoDB and FerretDB alike: renew what
 * this owner holds, else take over an expired or released lease (raising its epoch), else
 * create the first one (a duplicate key means another process just did).
 */
export class MongoGenerationLeases implements GenerationLeases {
  private readonly leases: Collection<LeaseRecord>;

  constructor(private readonly database: MongoReadModelDatabase) {
    this.leases = database.shared<LeaseRecord>('leases');
    return withReadModelErrors(this, 'lease');
  }

  /** Refuses a commit whose writer's lease has moved to a newer epoch; inside the commit's transaction when it has one. */
  static async check(database: MongoReadModelDatabase, key: string, epoch: number | undefined, session?: ClientSession): Promise<void> {
    if (epoch === undefined) return;
    const lease = await database.shared<LeaseRecord>('leases').findOne({ _id: key }, session ? { session } : {});
    if (lease?.epoch !== epoch) throw new LeaseLostError(key, epoch);
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<number | undefined> {
    const now = Date.now();
    const renewed = await this.leases.findOneAndUpdate({ _id: key, owner }, { $set: { expiresAt: now + ttlMs } }, { returnDocument: 'after' });
    if (renewed) return renewed.epoch;
    const taken = await this.leases.findOneAndUpdate(
      { _id: key, expiresAt: { $lte: now } },
      { $set: { owner, expiresAt: now + ttlMs }, $inc: { epoch: 1 } },
      { returnDocument: 'after' },
    );
    if (taken) return taken.epoch;
    try {
      await this.leases.insertOne({ _id: key, owner, epoch: 1, expiresAt: now + ttlMs });
      return 1;
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  fence(key: string, epoch: number): Promise<void> {
    return MongoGenerationLeases.check(this.database, key, epoch);
  }

  async release(key: string, owner: string): Promise<void> {
    await this.leases.updateOne({ _id: key, owner }, { $set: { owner: null, expiresAt: 0 } });
  }
}
