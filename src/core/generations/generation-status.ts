import type { GenerationRecord, GenerationState } from '../ports/projection-registry.js';
import { filterFor } from '../projections/event-filter.js';
import type { Projection } from '../projections/projection.js';
import { comparePositions, formatPosition } from '../position.js';
import type { RunnerDependencies } from '../runner/projection-runner.js';
import type { RunnerView } from '../runner/runner-view.js';

/** What `GET /api/projections` and `projectionist status` show of one generation. Positions are decimal text. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly registryState: GenerationState;
  /**
   * `catching_up`, `live`, `rebuilding` (a generation being built beside the live one), `stopped`,
   * `failed`, `standby` (another worker holds its lease) or `idle` (no runner in this process).
   */
  readonly state: 'catching_up' | 'live' | 'rebuilding' | 'stopped' | 'failed' | 'standby' | 'idle';
  readonly checkpoint: string | null;
  /** Events the generation has still to apply, and the age of the oldest of them. */
  readonly lag: { readonly events: number; readonly ms: number };
  readonly parked: number;
  readonly lastError: { readonly message: string; readonly at: string } | null;
  readonly stoppedAt: { readonly position: string; readonly eventId: string; readonly eventType: string; readonly stream: string; readonly error: string } | null;
  readonly store: string;
  /** Events per second applied by this process's runner (or its projection thread's) since it started. */
  readonly eventsPerSecond: number | null;
}

const LAG_COUNT_LIMIT = 10_000_000;

/** The status of one generation, from the stores, and from its runner when it runs in this process. */
export async function describeGeneration(
  deps: RunnerDependencies,
  projection: Projection,
  record: GenerationRecord,
  runner: RunnerView | undefined,
): Promise<ProjectionStatus> {
  const generation = { projection, generation: record.generation };
  const checkpoint = runner?.checkpoint.position ?? (await deps.readModels.checkpoint(generation)).position;
  const filter = filterFor(projection);
  const lagEvents = await deps.eventStore.countEvents({ ...(checkpoint ? { after: checkpoint } : {}), filter, limit: LAG_COUNT_LIMIT });
  const [first, second] = await deps.eventStore.readAll({ fromPosition: checkpoint ?? 'start', maxCount: 2, filter });
  const next = first && checkpoint && comparePositions(first.position, checkpoint) <= 0 ? second : first;
  const parked = await deps.readModels.parked(generation);
  const runnerState = runner?.state;
  const stoppedAt = runner?.stoppedAt;
  return {
    projection: record.projection,
    generation: record.generation,
    version: record.version,
    registryState: record.state,
    state:
      runnerState === 'stopped' ? 'stopped'
      : runnerState === 'failed' ? 'failed'
      : runnerState === 'standby' ? 'standby'
      : record.state === 'building' ? 'rebuilding'
      : runnerState === 'live' ? 'live'
      : runnerState === undefined || runnerState === 'closed' ? 'idle'
      : 'catching_up',
    checkpoint: checkpoint ? formatPosition(checkpoint) : null,
    lag: { events: lagEvents, ms: lagEvents > 0 && next ? Math.max(0, Date.now() - next.created.getTime()) : 0 },
    parked: parked.length,
    lastError: runner?.lastError ? { message: runner.lastError.message, at: runner.lastError.at.toISOString() } : null,
    stoppedAt: stoppedAt
      ? { position: formatPosition(stoppedAt.event.position), eventId: stoppedAt.event.id, eventType: stoppedAt.event.type, stream: stoppedAt.event.streamId, error: stoppedAt.error }
      : null,
    store: deps.readModels.capabilities.consistency,
    eventsPerSecond: runner ? runner.eventsPerSecond : null,
  };
}
