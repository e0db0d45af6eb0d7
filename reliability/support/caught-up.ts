import { projections } from '../../projections/index.js';
import type { GenerationStatus } from './projection-watcher.js';

/** Every projection has one generation, live, with nothing left to apply and no rebuild under way. */
export function caughtUp(statuses: readonly GenerationStatus[]): boolean {
  return projections.every((projection) => {
    const generations = statuses.filter((status) => status.projection === projection.name);
    return generations.length === 1 && generations[0]!.registryState === 'live' && generations[0]!.lag.events === 0;
  });
}
