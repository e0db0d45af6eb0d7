import { Double, type AnyBulkWriteOperation, type ClientSession, type Collection, type Filter } from 'mongodb';
import type { DocumentDelta } from '../../core/ports/read-model-store.js';
import { chunkedBulkWrite } from './chunked-bulk-write.js';
import type { DocumentRecord } from './document-record.js';
import { checkedField } from './checked-field.js';
import { below, storedPosition } from './stored-position.js';

/** Every JSON type but a number, as `$type` names. An array counts even if it holds numbers. */
const NOT_A_NUMBER = ['string', 'bool', 'null', 'object', 'array'];

/**
 * Applies delta steps in place, in order (one ordered bulk write), each to a live document
 * whose position is below the step's; the document then takes the step's position. No upsert:
 * a step on a missing document or a tombstone matches nothing and does nothing.
 *
 * The port counts a missing or non-numeric field as 0 for increments, but `$inc` fails on a
 * non-numeric value (and a failed write would abort a transaction). So before a step that
 * increments a field, a guarded update resets the field to 0 where it holds anything but a
 * number; it matches nothing in the usual case. Increments are sent as doubles, so that a sum
 * never overflows an Int32 into an Int64 (which the client would read back as a bigint).
 *
 * On FerretDB 1.24 these filters scan the collection once per update, and are not atomic
 * against a concurrent writer of the same document (one worker per generation is).
 */
export async function applyDeltas(
  collection: Collection<DocumentRecord>,
  deltas: readonly DocumentDelta[],
  options: { readonly session?: ClientSession; readonly updatesPerCommand: number },
): Promise<void> {
  const operations: AnyBulkWriteOperation<DocumentRecord>[] = [];
  for (const delta of deltas) {
    for (const step of delta.steps) {
      const guard = { _id: delta.id, ...below(step.position) };
      const increments = Object.entries(step.increment);
      for (const [field] of increments) {
        const path = `body.${checkedField(field)}`;
        operations.push({
          updateOne: { filter: { ...guard, [path]: { $type: NOT_A_NUMBER } } as Filter<DocumentRecord>, update: { $set: { [path]: new Double(0) } } },
        });
      }
      const set: Record<string, unknown> = { pos: storedPosition(step.position) };
      for (const [field, value] of Object.entries(step.set)) set[`body.${checkedField(field)}`] = value;
      const update = increments.length === 0 ? { $set: set } : { $set: set, $inc: Object.fromEntries(increments.map(([field, by]) => [`body.${field}`, new Double(by)])) };
      operations.push({ updateOne: { filter: { ...guard, body: { $ne: null } } as Filter<DocumentRecord>, update } });
    }
  }
  const { session, updatesPerCommand } = options;
  await chunkedBulkWrite(collection, operations, session ? { ordered: true, session } : { ordered: true }, updatesPerCommand);
}
