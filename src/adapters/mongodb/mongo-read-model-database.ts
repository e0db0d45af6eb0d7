import { MongoClient, type Collection, type Db, type Document, type MongoClientOptions } from 'mongodb';
import { STDERR_LOG, type Log } from '../../core/log.js';
import { ReadModelStoreError } from '../../core/ports/read-model-errors.js';
import { ensureCollection } from './ensure-collection.js';
import { serverFeaturesOf, type ServerFeatures } from './server-features.js';

export interface MongoReadModelOptions {
  readonly url: string;
  /** The database that holds every generation's collections and the shared ones below. */
  readonly database: string;
  /**
   * Use transactions where the server has them (the default), or never (`false`): the stores
   * then rely on position guards alone, as they must on FerretDB or a standalone mongod.
   */
  readonly transactions?: boolean;
  readonly clientOptions?: MongoClientOptions;
  /** Where a change stream or poll that fails (and recovers) is told. */
  readonly log?: Log;
}

/**
 * Collections shared by every generation: checkpoints, parked events, the registry of
 * generations, the change log, the generations' leases and the workers sharing them.
 */
const SHARED_COLLECTIONS = ['checkpoints', 'parked', 'generations', 'changes', 'leases', 'workers'] as const;
export type SharedCollection = (typeof SHARED_COLLECTIONS)[number];

/**
 * One connection to the read models' database, shared by the store, the queries, the registry
 * and the change log. `open` asks the server what it can do (`hello`, `buildInfo`) before anything is built
 * on it, so that the store's capabilities are known from the start. Positions are Int64: the
 * client reads them back as bigints (`useBigInt64`).
 */
export class MongoReadModelDatabase {
  private constructor(
    readonly client: MongoClient,
    readonly db: Db,
    readonly features: ServerFeatures,
    readonly log: Log,
  ) {}

  static async open(options: MongoReadModelOptions): Promise<MongoReadModelDatabase> {
    const client = new MongoClient(options.url, { ...options.clientOptions, useBigInt64: true });
    try {
      await client.connect();
      const db = client.db(options.database);
      const detected = serverFeaturesOf(await db.admin().command({ hello: 1 }), await db.admin().command({ buildInfo: 1 }));
      if (options.transactions === true && !detected.transactions) {
        throw new Error(`transactions were required, but the server is a ${detected.topology}`);
      }
      const features =
        options.transactions === false && detected.transactions ? { ...detected, transactions: false, topology: `${detected.topology}, transactions turned off` } : detected;
      await createSharedCollections(db);
      return new MongoReadModelDatabase(client, db, features, options.log ?? STDERR_LOG);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new ReadModelStoreError('connect', error);
    }
  }

  shared<T extends Document = Document>(name: SharedCollection): Collection<T> {
    return this.db.collection<T>(name);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Created up front: a transaction may not create a collection on older servers. */
async function createSharedCollections(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of SHARED_COLLECTIONS) {
    if (!existing.has(name)) await ensureCollection(db, name);
  }
  await db.collection('checkpoints').createIndex({ key: 1, commits: -1 }, { name: 'key_commits' });
  await db.collection('parked').createIndex({ key: 1, 'pos.c': 1, 'pos.p': 1 }, { name: 'key_pos' });
  await db.collection('generations').createIndex({ projection: 1, rev: -1 }, { name: 'projection_rev' });
  await db.collection('changes').createIndex({ at: 1 }, { name: 'at' });
}
