import type { ProjectionStatus } from '../core/generations/generation-status.js';
import type { AllEvents } from '../core/ports/all-events.js';
import { filterFor } from '../core/projections/event-filter.js';
import type { Projection } from '../core/projections/projection.js';

/**
 * Share of its events a generation being rebuilt has applied, from 0 to 1: the events of
 * `$all` its projection handles, less those it has still to apply (its lag), over all of
 * them. 1 when there is nothing to apply. `/metrics` and the dashboard show the same figure.
 */
export async function rebuildProgress(events: Pick<AllEvents, 'countEvents'>, projection: Projection, status: ProjectionStatus): Promise<number> {
  const total = await events.countEvents({ filter: filterFor(projection), limit: Number.MAX_SAFE_INTEGER });
  return total === 0 ? 1 : Math.max(0, total - status.lag.events) / total;
}
