/**
 * The page reader thread (see PageReaderThread): its own connection to the events file, and an
 * EventReader that answers each request with the slices of one forwards page.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EventReader } from './event-reader.js';
import { EventTypeRegistry } from './event-type-registry.js';
import { openDatabase } from './open-database.js';
import type { PageReaderAnswer, PageReaderRequest, PageReaderSettings } from './page-reader-thread.js';

const port = parentPort!;
const { file, maxEventBytes, sliceBytes, storeId } = workerData as PageReaderSettings;
const db = openDatabase(file, { cacheMiB: 2 });
const reader = new EventReader(db, new EventTypeRegistry(db), maxEventBytes, sliceBytes);
const idOfStore = db.prepare(`SELECT value FROM store_info WHERE key = 'store_id'`).pluck();

port.on('message', (request: PageReaderRequest) => {
  let answer: PageReaderAnswer;
  try {
    if (idOfStore.get() !== storeId) throw new Error(`${file} is no longer the store ${storeId}`);
    answer = { id: request.id, slices: reader.readSlices(request.filter, request.from, request.maxCount) };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
