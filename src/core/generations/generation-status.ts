import { PersistentSubscriptionNotFoundError } from '../ports/event-store-errors.js';
import type { LeaseRoster } from '../ports/generation-leases.js';
import type { PersistentSubscriptionInfo } from '../ports/persistent-subscriptions.js';
import type { GenerationRecord, GenerationState } from '../ports/projection-registry.js';
import { generationKey, groupOf, partsOf, type Generation } from '../projections/generation.js';
import { filterFor } from '../projections/event-filter.js';
import type { Projection } from '../projections/projection.js';
import { comparePositions, formatPosition, parsePosition } from '../position.js';
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
  /**
   * The generation's persistent subscription group as the event store sees it (`projections.live`
   * = persistent), or null when it has none: the store's checkpoint (which lags, and is not the
   * truth: `checkpoint` is), the events the store parked, and the workers connected to it.
   */
  readonly group: { readonly name: string; readonly checkpoint: string | null; readonly parked: number; readonly consumers: readonly string[] } | null;
  /**
   * The worker that writes the generation: the holder of its lease, the lease's epoch (the
   * fencing token its writes carry), how long until the lease runs out unrenewed, and how long
   * ago that worker last said it was alive; null when nobody holds the lease.
   */
  readonly owner: { readonly worker: string; readonly epoch: number; readonly expiresInMs: number; readonly heartbeatAgeMs: number | null } | null;
  /**
   * A partitioned projection's partitions, each with its own runner state, checkpoint, lag,
   * parked events, group and owner; null when the projection is not partitioned. The
   * generation's own fields then sum them up: its checkpoint is the lowest (every partition has
   * passed it), its lag the largest, its parked events all of them, its state the most pressing
   * (stopped, failed, rebuilding, catching up, live, standby, idle), and it has no one group or owner.
   */
  readonly partitions: readonly PartitionStatus[] | null;
}

/** One partition of a partitioned generation (see ProjectionStatus.partitions). */
export type PartitionStatus = Pick<ProjectionStatus, 'state' | 'checkpoint' | 'lag' | 'parked' | 'lastError' | 'stoppedAt' | 'eventsPerSecond' | 'group' | 'owner'> & {
  readonly partition: number;
};

/** What the runner of a generation's part says, when it runs in this process (or its projection thread). */
export type RunnerViewOf = (part: Generation) => RunnerView | undefined | Promise<RunnerView | undefined>;

const STATE_PRIORITY: readonly ProjectionStatus['state'][] = ['stopped', 'failed', 'rebuilding', 'catching_up', 'live', 'standby', 'idle'];

const LAG_COUNT_LIMIT = 10_000_000;

/** The status of one generation, from the stores, and from its runners (of each partition) where they run in this process. */
export async function describeGeneration(
  deps: RunnerDependencies,
  projection: Projection,
  record: GenerationRecord,
  runnerOf: RunnerViewOf,
  roster: LeaseRoster | undefined,
): Promise<ProjectionStatus> {
  const generation = { projection, generation: record.generation };
  const parts = partsOf(generation);
  if (parts.length === 1) return { ...(await describePart(deps, generation, record, await runnerOf(generation), roster)), partitions: null };
  const described = await Promise.all(parts.map(async (part) => describePart(deps, part, record, await runnerOf(part), roster)));
  const partitions = described.map(({ projection: _p, generation: _g, version: _v, registryState: _r, store: _s, partitions: _n, ...status }, index) => ({
    partition: parts[index]!.partition!,
    ...status,
  }));
  // The generation's own fields (name, version, registry state, store) are its partitions' too.
  const whole = described[0]!;
  const checkpoints = partitions.map((p) => p.checkpoint);
  const rates = partitions.map((p) => p.eventsPerSecond).filter((rate) => rate !== null);
  return {
    ...whole,
    state: STATE_PRIORITY.find((state) => partitions.some((p) => p.state === state)) ?? 'idle',
    checkpoint: checkpoints.includes(null) ? null : checkpoints.reduce((low, c) => (comparePositions(parsePosition(c!)!, parsePosition(low!)!) < 0 ? c : low)),
    lag: { events: Math.max(...partitions.map((p) => p.lag.events)), ms: Math.max(...partitions.map((p) => p.lag.ms)) },
    parked: partitions.reduce((sum, p) => sum + p.parked, 0),
    lastError: partitions.find((p) => p.lastError)?.lastError ?? null,
    stoppedAt: partitions.find((p) => p.stoppedAt)?.stoppedAt ?? null,
    eventsPerSecond: rates.length > 0 ? rates.reduce((sum, rate) => sum + rate, 0) : null,
    group: null,
    owner: null,
    partitions,
  };
}

/** The status of a generation, or of one partition of it, as if it were the whole. */
async function describePart(
  deps: RunnerDependencies,
  generation: Generation,
  record: GenerationRecord,
  runner: RunnerView | undefined,
  roster: LeaseRoster | undefined,
): Promise<ProjectionStatus> {
  const { projection } = generation;
  // A runner on standby wrote nothing since it lost the lease (if it ever held it): the store knows where the generation is.
  const writing = runner && runner.state !== 'standby' ? runner.checkpoint.position : undefined;
  const checkpoint = writing ?? (await deps.readModels.checkpoint(generation)).position;
  const filter = filterFor(projection);
  const lagEvents = await deps.eventStore.countEvents({ ...(checkpoint ? { after: checkpoint } : {}), filter, limit: LAG_COUNT_LIMIT });
  const [first, second] = await deps.eventStore.readAll({ fromPosition: checkpoint ?? 'start', maxCount: 2, filter });
  const next = first && checkpoint && comparePositions(first.position, checkpoint) <= 0 ? second : first;
  const parked = await deps.readModels.parked(generation);
  const group = await deps.eventStore.persistentSubscriptions.info(groupOf(generation)).catch((error: unknown) => {
    if (error instanceof PersistentSubscriptionNotFoundError) return undefined;
    throw error;
  });
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
    group: group ? groupStatusOf(group) : null,
    owner: ownerOf(generationKey(generation), roster),
    partitions: null,
  };
}

function ownerOf(key: string, roster: LeaseRoster | undefined): ProjectionStatus['owner'] {
  const lease = roster?.leases.find((held) => held.key === key);
  if (!lease) return null;
  const now = Date.now();
  const seen = roster!.workers.find((worker) => worker.owner === lease.owner)?.seenAt;
  return { worker: lease.owner, epoch: lease.epoch, expiresInMs: Math.max(0, lease.expiresAt.getTime() - now), heartbeatAgeMs: seen ? now - seen.getTime() : null };
}

function groupStatusOf(info: PersistentSubscriptionInfo): NonNullable<ProjectionStatus['group']> {
  return {
    name: info.group,
    checkpoint: info.checkpoint ? formatPosition(info.checkpoint) : null,
    parked: info.parkedCount,
    consumers: info.consumers.map((consumer) => consumer.name || consumer.consumerId),
  };
}
