import type { Projection } from './projection.js';

/**
 * One build of a projection: its own documents and its own checkpoint. A rebuild creates the
 * next generation beside the live one and switches to it when it has caught up.
 */
export interface Generation {
  readonly projection: Projection;
  readonly generation: number;
}

/** How a generation is named wherever one is kept by name: `<projection>#<generation>`. */
export function generationKey(generation: Generation | { readonly projection: string; readonly generation: number }): string {
  const name = typeof generation.projection === 'string' ? generation.projection : generation.projection.name;
  return `${name}#${generation.generation}`;
}

/**
 * The persistent subscription group that feeds one generation's runner: `<projection>-v<N>`, as
 * EventStoreDB users name a group per read model version. A rebuild makes a new group (a group's
 * start is read only when it is created) and the old one is deleted with its generation.
 */
export function groupOf(generation: Generation): string {
  return `${generation.projection.name}-v${generation.generation}`;
}
