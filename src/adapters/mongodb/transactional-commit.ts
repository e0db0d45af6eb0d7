import { faultPoint } from '../../core/fault-point.js';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import type { Batch } from '../../core/ports/read-model-store.js';
import { generationKey, type Generation } from '../../core/projections/generation.js';
import { batchByCollection } from './batch-by-collection.js';
import { changeEntryOf, type ChangeEntry } from './change-entry.js';
import { pruneChanges } from './change-sequence.js';
import { CheckpointLog } from './checkpoint-log.js';
import { chunkedBulkWrite } from './chunked-bulk-write.js';
import { applyDeltas } from './delta-updates.js';
import type { DocumentRecord } from './document-record.js';
import { writeDocuments } from './document-writes.js';
import { isDuplicateKey } from './duplicate-keys.js';
import { generationCollection } from './generation-collections.js';
import { MongoGenerationLeases } from './mongo-generation-leases.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { parkedOperations, type ParkedRecord } from './parked-records.js';

/**
 * Commits a batch, its checkpoint, its parked and unparked events and its change-log entry in
 * one transaction (replica set or sharded cluster). The commit count is checked inside it:
 * CheckpointMovedError aborts the transaction, so nothing changes. Two workers committing at
 * once insert the same checkpoint `_id`; the later one meets a write conflict, and
 * `withTransaction` runs the callback again, which then sees the moved count. The change-log
 * entry takes the driver's ObjectId: readers follow a change stream, not a sequence.
 *
 * The callback may run several times, so it only awaits operations on the session, one after
 * another (a transaction runs no operations in parallel), and lets every error through.
 */
export async function transactionalCommit(
  database: MongoReadModelDatabase,
  generation: Generation,
  batch: Batch,
  log: { readonly prune: boolean },
): Promise<void> {
  const key = generationKey(generation);
  const checkpoints = new CheckpointLog(database.shared('checkpoints'));
  const changes = database.shared<ChangeEntry>('changes');
  const parts = [...batchByCollection(batch)];
  const parked = parkedOperations(key, batch);
  const { updatesPerCommand } = database.features;
  const session = database.client.startSession();
  try {
    await session.withTransaction(
      async () => {
        if ((await checkpoints.latest(key, session)).commits !== batch.basedOn) throw new CheckpointMovedError(key);
        await MongoGenerationLeases.check(database, key, batch.epoch, session);
        for (const [collection, part] of parts) {
          const documents = database.db.collection<DocumentRecord>(generationCollection(generation, collection));
          await writeDocuments(documents, part.writes, { kind: 'transaction', session });
          await applyDeltas(documents, part.deltas, { session, updatesPerCommand });
        }
        await chunkedBulkWrite(database.shared<ParkedRecord>('parked'), parked, { ordered: true, session }, updatesPerCommand);
        if (log.prune) await pruneChanges(changes, session);
        await checkpoints.claim(key, batch.basedOn, batch.checkpoint, session);
        await changes.insertOne(changeEntryOf(generation, batch), { session });
        faultPoint('mongodb-transaction-before-commit');
      },
      { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' },
    );
  } catch (error) {
    // A document inserted by another worker after this transaction's snapshot was taken:
    // whichever way the server words it, another worker got there first.
    if (isDuplicateKey(error)) throw new CheckpointMovedError(key);
    throw error;
  } finally {
    await session.endSession();
  }
}
