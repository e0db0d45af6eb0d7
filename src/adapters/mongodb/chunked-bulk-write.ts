import type { AnyBulkWriteOperation, BulkWriteOptions, Collection, Document } from 'mongodb';
import { OneCommandAtATime } from './one-command-at-a-time.js';

/**
 * A bulk write sent as commands of at most `size` operations, one after another (so an ordered
 * write keeps its order). MongoDB takes any number (the driver splits at the server's limit):
 * `size` is then infinite and this is one bulk write. FerretDB 1.24 hangs on update commands
 * holding 100 updates between them: there `size` is finite, and the commands of every bulk write
 * on the database go one at a time (OneCommandAtATime).
 */
export async function chunkedBulkWrite<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
  options: BulkWriteOptions,
  size: number,
): Promise<void> {
  const queue = Number.isFinite(size) ? OneCommandAtATime.of(collection.db) : undefined;
  for (let start = 0; start < operations.length; start += size) {
    const command = operations.slice(start, start + size);
    await (queue ? queue.run(() => collection.bulkWrite(command, options)) : collection.bulkWrite(command, options));
  }
}
