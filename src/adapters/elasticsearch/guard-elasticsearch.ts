import { ReadModelError, ReadModelStoreError } from '../../core/ports/read-model-errors.js';

/**
 * Runs one operation of an Elasticsearch adapter: the port's own errors (CheckpointMovedError,
 * InvalidQueryError) pass through, everything else (client, network and item errors) becomes a
 * ReadModelStoreError naming the operation, with the original error as its cause.
 */
export async function guardElasticsearch<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReadModelError) throw error;
    throw new ReadModelStoreError(operation, error);
  }
}
