import type { Projection } from './projection.js';

/**
 * One build of a projection: its own documents and its own checkpoint. A rebuild creates the
 * next generation beside the live one and switches to it when it has caught up.
 */
export interface Generation {
  readonly projection: Projection;
  readonly generation: number;
  /**
   * Set on one partition of a partitioned projection's generation (see Projection.partitions):
   * the partitions share the generation's documents, and each has its own checkpoint, parked
   * events, lease and subscription group. Undefined for the generation as a whole.
   */
  readonly partition?: number;
}

/**
 * How a generation (or one partition of it) is named wherever one is kept by name:
 * `<projection>#<generation>`, and `<projection>#<generation>.p<partition>` for a partition.
 */
export function generationKey(generation: Generation | { readonly projection: string; readonly generation: number; readonly partition?: number | undefined }): string {
  const name = typeof generation.projection === 'string' ? generation.projection : generation.projection.name;
  return generation.partition === undefined ? `${name}#${generation.generation}` : `${name}#${generation.generation}.p${generation.partition}`;
}

/**
 * What runs of a generation: the generation itself, or one part per partition when its
 * projection is partitioned. Each part has its own runner, checkpoint and lease.
 */
export function partsOf(generation: Generation): Generation[] {
  const count = generation.projection.partitions ?? 1;
  if (count <= 1) return [{ projection: generation.projection, generation: generation.generation }];
  return Array.from({ length: count }, (_, partition) => ({ projection: generation.projection, generation: generation.generation, partition }));
}

/** The generation a part belongs to, as the registry and the documents know it. */
export function wholeOf(generation: Generation): Generation {
  return { projection: generation.projection, generation: generation.generation };
}

/**
 * The persistent subscription group that feeds one generation's runner: `<projection>-v<N>`, as
 * EventStoreDB users name a group per read model version (and `-p<N>` per partition). A rebuild makes a new group (a group's
 * start is read only when it is created) and the old one is deleted with its generation.
 */
export function groupOf(generation: Generation): string {
  const group = `${generation.projection.name}-v${generation.generation}`;
  return generation.partition === undefined ? group : `${group}-p${generation.partition}`;
}
