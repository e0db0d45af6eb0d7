import { MongoBulkWriteError, type AnyBulkWriteOperation, type ClientSession, type Collection, type Filter } from 'mongodb';
import type { StoredDocument } from '../../core/ports/read-model-store.js';
import { comparePositions } from '../../core/position.js';
import { chunkedBulkWrite } from './chunked-bulk-write.js';
import type { DocumentRecord } from './document-record.js';
import { onlyDuplicateKeys } from './duplicate-keys.js';
import { KnownDocuments } from '../known-documents/known-documents.js';
import { below, positionOf, storedPosition } from './stored-position.js';

/** How whole documents are written, each only over an older one. */
export type DocumentWritePath =
  /** In a transaction: a failed write would abort it, so only documents newer than the snapshot's are written. */
  | { readonly kind: 'transaction'; readonly session: ClientSession }
  /** The position guard in each upsert's filter, atomic on MongoDB. */
  | { readonly kind: 'guarded'; readonly updatesPerCommand: number }
  /** Stored positions read first, then newer documents written by bare `_id` (FerretDB: see below). */
  | { readonly kind: 'read-first'; readonly updatesPerCommand: number };

/**
 * Writes whole documents, each only over an older one.
 *
 * `guarded`: the upsert's filter holds the position guard, so when the stored document is at or
 * past the new one the filter misses, the upsert tries to insert the same `_id` again and fails
 * with E11000: the write changes nothing and counts as already applied. MongoDB carries on past
 * such errors in an unordered bulk write; FerretDB stops at the first one, reports it at index 0
 * with zero counts, and leaves the rest unwritten. So when the counts do not account for every
 * write, the writes are applied again one at a time (guarded writes are idempotent).
 *
 * `read-first`: FerretDB 1.24 runs a conditional update as a read and a write apart (so the guard
 * in the filter is no more atomic than reading first), and hands only a bare `{ _id }` filter to
 * SQLite: any other filter is matched in Go against every document of the collection, once per
 * update. Reading the stored positions in one query and writing by `_id` gives the same outcome
 * at a fraction of the cost. Where the process knows the collection's documents (KnownDocuments:
 * a generation it builds from zero), it reads only those it is unsure of: the others are
 * inserted, or replaced by `_id`, without a read.
 *
 * Every path notes what it wrote in that knowledge, so that no later load takes a document
 * written here for an absent one.
 */
export async function writeDocuments(collection: Collection<DocumentRecord>, documents: readonly StoredDocument[], path: DocumentWritePath): Promise<void> {
  if (documents.length === 0) return;
  const known = KnownDocuments.of(collection.db).collection(collection.collectionName);
  switch (path.kind) {
    case 'transaction': {
      known?.unsure(documents);
      const newer = await newerThanStored(collection, documents, path.session);
      if (newer.length > 0) await collection.bulkWrite(newer.map(guardedUpsert), { ordered: true, session: path.session });
      return;
    }
    case 'read-first': {
      const { absent, older, unsure } = known?.split(documents) ?? { absent: [], older: [], unsure: documents };
      known?.unsure([...absent, ...older, ...unsure]);
      const stored = await splitByStored(collection, unsure);
      const inserted = await insertAbsent(collection, [...absent, ...stored.absent], path.updatesPerCommand);
      const replaced = [...older, ...stored.older];
      await chunkedBulkWrite(collection, replaced.map(upsertById), { ordered: false }, path.updatesPerCommand);
      known?.wrote([...inserted, ...replaced]);
      return;
    }
    case 'guarded':
      known?.unsure(documents);
      for (let start = 0; start < documents.length; start += path.updatesPerCommand) {
        await writeGuarded(collection, documents.slice(start, start + path.updatesPerCommand).map(guardedUpsert));
      }
  }
}

async function writeGuarded(collection: Collection<DocumentRecord>, operations: AnyBulkWriteOperation<DocumentRecord>[]): Promise<void> {
  try {
    await collection.bulkWrite(operations, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || !onlyDuplicateKeys(error)) throw error;
    const failures = Array.isArray(error.writeErrors) ? error.writeErrors.length : 1;
    if (error.result.matchedCount + error.result.upsertedCount + failures >= operations.length) return;
    for (const operation of operations) await writeAlone(collection, operation);
  }
}

async function writeAlone(collection: Collection<DocumentRecord>, operation: AnyBulkWriteOperation<DocumentRecord>): Promise<void> {
  try {
    await collection.bulkWrite([operation], { ordered: true });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || !onlyDuplicateKeys(error)) throw error;
  }
}

/**
 * Documents not stored yet are inserted: an insert costs FerretDB a fraction of an update, and
 * a rebuild from zero writes mostly new documents. One that another writer stored meanwhile
 * fails with a duplicate key, and goes the way of stored ones. Returns those surely inserted.
 */
async function insertAbsent(collection: Collection<DocumentRecord>, absent: readonly StoredDocument[], updatesPerCommand: number): Promise<StoredDocument[]> {
  const inserted: StoredDocument[] = [];
  for (let start = 0; start < absent.length; start += 1_000) {
    const chunk = absent.slice(start, start + 1_000);
    try {
      await collection.insertMany(chunk.map((document) => ({ _id: document.id, ...recordOf(document) })), { ordered: false });
      inserted.push(...chunk);
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || !onlyDuplicateKeys(error)) throw error;
      const { older } = await splitByStored(collection, chunk);
      await chunkedBulkWrite(collection, older.map(upsertById), { ordered: false }, updatesPerCommand);
    }
  }
  return inserted;
}

/** The documents newer than what is stored, apart: those not stored at all, and those stored older. */
async function splitByStored(collection: Collection<DocumentRecord>, documents: readonly StoredDocument[]): Promise<{ absent: StoredDocument[]; older: StoredDocument[] }> {
  if (documents.length === 0) return { absent: [], older: [] };
  const stored = await collection.find({ _id: { $in: documents.map((d) => d.id) } }, { projection: { pos: 1 } }).toArray();
  const positions = new Map(stored.map((record) => [record._id, positionOf(record.pos)]));
  const absent = documents.filter((d) => !positions.has(d.id));
  const older = documents.filter((d) => positions.has(d.id) && comparePositions(positions.get(d.id)!, d.position) < 0);
  return { absent, older };
}

async function newerThanStored(collection: Collection<DocumentRecord>, documents: readonly StoredDocument[], session: ClientSession | undefined): Promise<StoredDocument[]> {
  const options = session ? { session, projection: { pos: 1 } } : { projection: { pos: 1 } };
  const [only] = documents;
  // One document (the usual batch at low load) by bare `_id`: the filter FerretDB serves from its index.
  const stored =
    documents.length === 1 && only
      ? [await collection.findOne({ _id: only.id }, options)].filter((record) => record !== null)
      : await collection.find({ _id: { $in: documents.map((document) => document.id) } }, options).toArray();
  const positions = new Map(stored.map((record) => [record._id, positionOf(record.pos)]));
  return documents.filter((document) => {
    const current = positions.get(document.id);
    return current === undefined || comparePositions(current, document.position) < 0;
  });
}

function guardedUpsert(document: StoredDocument): AnyBulkWriteOperation<DocumentRecord> {
  return { replaceOne: { filter: { _id: document.id, ...below(document.position) } as Filter<DocumentRecord>, replacement: recordOf(document), upsert: true } };
}

function upsertById(document: StoredDocument): AnyBulkWriteOperation<DocumentRecord> {
  return { replaceOne: { filter: { _id: document.id }, replacement: recordOf(document), upsert: true } };
}

function recordOf(document: StoredDocument): Omit<DocumentRecord, '_id'> {
  return { body: document.body, pos: storedPosition(document.position), late: document.late.map(storedPosition) };
}
