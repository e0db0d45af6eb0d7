import type { Parking } from './change-notifier.js';
import type { Batch } from './read-model-store.js';

/**
 * What a committed batch did to its generation's parked events. A commit succeeds only on the
 * count it was based on (see ReadModelStore.commit), so the count after it is one more.
 */
export function parkingOf(batch: Pick<Batch, 'basedOn' | 'parked' | 'unparked'>): Parking {
  return { commits: batch.basedOn + 1, parked: batch.parked, unparked: batch.unparked };
}
