import type { ClientSession, Collection } from 'mongodb';
import type { GenerationLeases, LeaseRoster } from '../../core/ports/generation-leases.js';
import { LeaseLostError } from '../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import { isDuplicateKey } from './duplicate-keys.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';

interface WorkerRecord {
  _id: string;
  seenAt: number;
  expiresAt: number;
}

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
  private readonly workers: Collection<WorkerRecord>;

  constructor(private readonly database: MongoReadModelDatabase) {
    this.leases = database.shared<LeaseRecord>('leases');
    this.workers = database.shared<WorkerRecord>('workers');
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

  async heartbeat(owner: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    await this.workers.updateOne({ _id: owner }, { $set: { seenAt: now, expiresAt: now + ttlMs } }, { upsert: true });
  }

  async leave(owner: string): Promise<void> {
    await this.workers.deleteOne({ _id: owner });
  }

  /** Expired workers are deleted as the roster is read. Both collections hold a document per worker or generation: small. */
  async roster(): Promise<LeaseRoster> {
    const now = Date.now();
    await this.workers.deleteMany({ expiresAt: { $lte: now } });
    const workers = await this.workers.find({}).sort({ _id: 1 }).toArray();
    const leases = (await this.leases.find({}).sort({ _id: 1 }).toArray()).filter((lease) => lease.owner !== null && lease.expiresAt > now);
    return {
      workers: workers.map((worker) => ({ owner: worker._id, seenAt: new Date(worker.seenAt), expiresAt: new Date(worker.expiresAt) })),
      leases: leases.map((lease) => ({ key: lease._id, owner: lease.owner!, epoch: lease.epoch, expiresAt: new Date(lease.expiresAt) })),
    };
  }
}
