import type { AnyBulkWriteOperation, BulkWriteOptions, Collection, Document } from 'mongodb';

/**
 * A bulk write sent as commands of at most `size` operations, one after another (so an ordered
 * write keeps its order). MongoDB takes any number (the driver splits at the server's limit):
 * `size` is then infinite and this is one bulk write. FerretDB 1.24 hangs on an update command
 * of 100 updates.
 */
export async function chunkedBulkWrite<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
  options: BulkWriteOptions,
  size: number,
): Promise<void> {
  for (let start = 0; start < operations.length; start += size) {
    await collection.bulkWrite(operations.slice(start, start + size), options);
  }
}
