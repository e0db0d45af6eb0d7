import type { ChangeNotifier } from '../../core/ports/change-notifier.js';
import { ReadModelStoreError } from '../../core/ports/read-model-errors.js';
import { projectionChangeOf, type ChangeEntry } from './change-entry.js';
import { ChangeTail } from './change-tail.js';
import { watchCollection } from './collection-watch.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { pollLoop } from './poll-loop.js';

/** Without change streams, the change log is read this often. */
const POLL_MS = 100;

/**
 * Relays batches committed by runners in other processes to this process's notifier, from the
 * shared `changes` collection (see MongoReadModelStore): an API process started apart from its
 * workers hears of every batch this way. On a replica set it follows a change stream of the
 * inserts, from the cluster time at which it started; on FerretDB or a standalone mongod it
 * tails the log by sequence number every 100 ms (one `_id` lookup that usually finds nothing).
 * The stores prune entries older than ten minutes as they commit.
 */
export class MongoChangeLog {
  private constructor(private readonly stop: () => Promise<void>) {}

  static async start(database: MongoReadModelDatabase, notifier: ChangeNotifier): Promise<MongoChangeLog> {
    const changes = database.shared<ChangeEntry>('changes');
    const relay = (entry: ChangeEntry) => notifier.publish(projectionChangeOf(entry));
    try {
      if (database.features.changeStreams) {
        const { operationTime } = await database.db.command({ ping: 1 });
        const options = operationTime ? { startAtOperationTime: operationTime } : {};
        const onInsert = (change: { operationType: string; fullDocument?: ChangeEntry }) => {
          if (change.operationType === 'insert' && change.fullDocument) relay(change.fullDocument);
        };
        // Entries committed while a failed stream was reopened are not relayed: waiting readers
        // then hear of the next batch of that projection, or time out.
        return new MongoChangeLog(watchCollection('change log', changes, [{ $match: { operationType: 'insert' } }], options, onInsert, () => undefined, database.log));
      }
      const tail = new ChangeTail(changes);
      await tail.start();
      return new MongoChangeLog(pollLoop('change log', POLL_MS, () => tail.read(relay), database.log));
    } catch (error) {
      throw new ReadModelStoreError('change log start', error);
    }
  }

  async close(): Promise<void> {
    await this.stop();
  }
}
