import type { OpenDatabaseOptions } from '../../src/adapters/sqlite/open-database.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { loadConfig } from '../../src/composition/load-config.js';
import { tuneHeap } from '../../src/composition/tune-heap.js';

/**
 * The platform's own tuning, for the bare limits of the rebuild benchmark: a limit that runs
 * with less tuning than the platform measures the tuning, not the platform's overhead.
 *
 * The read models' connection: the values `ReadModelDatabase` opens its file with (synchronous
 * NORMAL, an 8 MiB page cache, a checkpoint every 10,000 pages). They are repeated here because
 * that class also creates the platform's schema and change feed; keep the two in step.
 */
export const READ_MODEL_DATABASE: OpenDatabaseOptions = { synchronous: 'normal', checkpointPages: 10_000, cacheMiB: 8 };

/** The events' connection, as `SqliteEventStore` opens it (the synchronous setting does not matter to a reader). */
export const EVENTS_DATABASE: OpenDatabaseOptions = { cacheMiB: 8 };

/**
 * Most events in one batch while rebuilding: the configuration's catch-up batch size, read as
 * the platform's child reads it (config/default.json, then PROJECTIONS_CATCH_UP_BATCH_SIZE).
 */
export function catchUpBatchSize(): number {
  return loadConfig(process.env).projections.catchUpBatchSize;
}

/**
 * The heap growth the platform sets in a process that runs projections (PROJECTIONS_HEAP_GROWING_PERCENT):
 * less garbage waits for a full collection, for a little more time collecting.
 */
export function tunePlatformHeap(): void {
  tuneHeap(loadConfig(process.env).projections.heapGrowingPercent);
}
