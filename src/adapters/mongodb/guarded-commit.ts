import { faultPoint } from '../../core/fault-point.js';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import type { Batch } from '../../core/ports/read-model-store.js';
import { generationKey, type Generation } from '../../core/projections/generation.js';
import { batchByCollection } from './batch-by-collection.js';
import { changeEntryOf, type ChangeEntry } from './change-entry.js';
import { pruneChanges, type ChangeSequence } from './change-sequence.js';
import { CheckpointLog } from './checkpoint-log.js';
import { chunkedBulkWrite } from './chunked-bulk-write.js';
import { applyDeltas } from './delta-updates.js';
import type { DocumentRecord } from './document-record.js';
import { writeDocuments } from './document-writes.js';
import { generationCollection } from './generation-collections.js';
import { MongoGenerationLeases } from './mongo-generation-leases.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';
import { parkedOperations, type ParkedRecord } from './parked-records.js';

/**
 * Commits a batch without transactions (FerretDB, a standalone mongod), in an order that a
 * crash at any point leaves replayable:
 * 1. the commit count and the writer's lease epoch are checked, so that a worker that lost its
 *    generation to another stops before writing anything (in the common case; step 4 is what
 *    guarantees it for the count, and the epoch is checked again just before it);
 * 2. documents and deltas, each written only over an older position, so that a replay changes
 *    nothing (see writeDocuments: guarded upserts on MongoDB, read first on FerretDB);
 * 3. parked and unparked events (idempotent by key);
 * 4. the checkpoint, claimed under its commit number (CheckpointMovedError if another worker
 *    claimed it), so it is never visible before its documents;
 * 5. the change-log entry. A crash before it loses only a notification to other processes.
 * What this cannot fence: a writer frozen past its lease between its checks and its document
 * writes. FerretDB 1.24 reads and writes apart even in a conditional update, so such a writer,
 * thawed, can write an older document over a newer one; its checkpoint is then refused, but
 * the document stays. Only a store with transactions or atomic updates closes that gap.
 */
export async function guardedCommit(
  database: MongoReadModelDatabase,
  generation: Generation,
  batch: Batch,
  log: { readonly sequence: ChangeSequence; readonly prune: boolean },
): Promise<void> {
  const key = generationKey(generation);
  const { atomicUpdates, updatesPerCommand } = database.features;
  const checkpoints = new CheckpointLog(database.shared('checkpoints'));
  if ((await checkpoints.latest(key)).commits !== batch.basedOn) throw new CheckpointMovedError(key);
  await MongoGenerationLeases.check(database, key, batch.epoch);

  await Promise.all(
    [...batchByCollection(batch)].map(async ([collection, part]) => {
      const documents = database.db.collection<DocumentRecord>(generationCollection(generation, collection));
      await writeDocuments(documents, part.writes, { kind: atomicUpdates ? 'guarded' : 'read-first', updatesPerCommand });
      await applyDeltas(documents, part.deltas, { updatesPerCommand });
    }),
  );
  const parked = parkedOperations(key, batch);
  await chunkedBulkWrite(database.shared<ParkedRecord>('parked'), parked, { ordered: true }, updatesPerCommand);
  const changes = database.shared<ChangeEntry>('changes');
  if (log.prune) await pruneChanges(changes);

  // Again before the checkpoint: a writer paused past its lease stops here, before its checkpoint counts.
  await MongoGenerationLeases.check(database, key, batch.epoch);
  faultPoint('mongodb-before-checkpoint');
  await checkpoints.claim(key, batch.basedOn, batch.checkpoint);
  await log.sequence.append(changeEntryOf(generation, batch));
}
