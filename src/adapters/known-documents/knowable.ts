import type { Generation } from '../../core/projections/generation.js';

/**
 * Whether a store may know a generation's documents whole (KnownDocuments): not when its
 * projection is partitioned, whether asked for one partition or for the whole (workers prepare
 * the whole generation when they activate it), since its partitions share the documents'
 * collections and other processes write some of them.
 */
export function knowable(generation: Generation): boolean {
  return (generation.projection.partitions ?? 1) <= 1;
}
