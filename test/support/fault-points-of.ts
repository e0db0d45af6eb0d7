import { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import type { Config } from '../../src/composition/config-schema.js';
import type { FaultPointName } from '../../src/core/fault-point.js';

/**
 * The fault points a configuration's workers pass through: its stores' commits and the switch,
 * for the crash test to arm each of them and check that each was reached. A MongoDB batch takes
 * the transactional path where the server has transactions, and the guarded one elsewhere
 * (FerretDB), so the server is asked which.
 */
export async function faultPointsOf(config: Config): Promise<FaultPointName[]> {
  const { documents, search } = config.readModels;
  const points: FaultPointName[] = [];
  if (documents === 'sqlite' || search === 'sqlite') points.push('sqlite-before-checkpoint');
  if (documents === 'mongodb') {
    const { url, database, transactions } = config.mongodb;
    const mongo = await MongoReadModelDatabase.open({ url, database, ...(transactions === 'off' ? { transactions: false } : {}) });
    points.push(mongo.features.transactions ? 'mongodb-transaction-before-commit' : 'mongodb-before-checkpoint');
    await mongo.close();
  }
  if (search === 'elasticsearch') points.push('elasticsearch-before-checkpoint');
  return [...points, 'switch-before-activate'];
}
