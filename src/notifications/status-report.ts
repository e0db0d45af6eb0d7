import type { ProjectionStatus } from '../core/generations/generation-status.js';
import type { Generations } from '../core/generations/generations.js';
import type { AllEvents } from '../core/ports/all-events.js';
import { formatPosition } from '../core/position.js';
import { rebuildProgress } from '../observability/rebuild-progress.js';

/**
 * The `Status` message of the WebSocket's status subscribers (the dashboard): what
 * `GET /api/projections` and `GET /api/workers` answer, with the head of `$all`, each
 * generation's rebuild progress (0 to 1 while it is being built, else null) and when it was read.
 */
export interface StatusReport {
  readonly type: 'Status';
  readonly at: string;
  /** The position of the last event in `$all` (decimal text), or null when the store is empty. */
  readonly head: string | null;
  readonly projections: readonly (ProjectionStatus & { readonly progress: number | null })[];
  readonly workers: Awaited<ReturnType<Generations['workers']>>;
}

/** Reads a status report from the stores (and from the runners, where they run in this process). */
export async function statusReport(generations: Generations, events: Pick<AllEvents, 'countEvents' | 'headPosition'>): Promise<StatusReport> {
  const [head, statuses, workers] = await Promise.all([events.headPosition(), generations.statuses(), generations.workers()]);
  const projections = await Promise.all(
    statuses.map(async (status) => ({
      ...status,
      progress: status.registryState === 'building' ? await rebuildProgress(events, generations.projection(status.projection), status) : null,
    })),
  );
  return { type: 'Status', at: new Date().toISOString(), head: head ? formatPosition(head) : null, projections, workers };
}
