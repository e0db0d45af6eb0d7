import type { GenerationLeases } from '../ports/generation-leases.js';
import type { EventStreams } from '../ports/event-streams.js';
import type { GenerationRecord, ProjectionRegistry } from '../ports/projection-registry.js';
import { RebuildInProgressError } from '../ports/read-model-errors.js';
import type { ParkedEvent } from '../ports/read-model-store.js';
import { partitionOf } from '../projections/partition-of.js';
import { partsOf, type Generation } from '../projections/generation.js';
import { comparePositions } from '../position.js';
import type { Projection } from '../projections/projection.js';
import type { ProjectionRunner, RunnerDependencies } from '../runner/projection-runner.js';
import type { RunnerView } from '../runner/runner-view.js';
import { deleteGroup, dropGeneration } from './drop-generation.js';
import { describeGeneration, type ProjectionStatus } from './generation-status.js';
import { MissingGenerationError } from './missing-generation-error.js';
import { replayParked, type ReplayOutcome } from './replay-parked.js';
import { switchWhenCaughtUp, type SwitchOutcome } from './switch-when-caught-up.js';
import { UnknownProjectionError } from './unknown-projection-error.js';

export interface GenerationsDependencies extends RunnerDependencies {
  /** Besides `$all`: parked events are replayed from their streams. */
  readonly eventStore: RunnerDependencies['eventStore'] & EventStreams;
  readonly registry: ProjectionRegistry;
  /** Who writes each generation, shown in its status; absent where no leases are kept. */
  readonly leases?: GenerationLeases;
}

/** What the runner of a generation says of itself, when one runs in this process or its projection thread. */
export type RunnerOf = (generation: Generation) => RunnerView | undefined | Promise<RunnerView | undefined>;

/**
 * Everything done to a projection's generations, in one place, for the workers, the API's
 * operations and the CLI alike: begin a rebuild (or find the one under way), switch a caught-up
 * rebuild in, cancel it, empty a live generation for an in-place rebuild, drop what a switch
 * retired, replay parked events, report status. Every step goes through the shared registry
 * and stores, so it has the same effect whichever process takes it; workers anywhere follow the
 * registry.
 */
export class Generations {
  private readonly byName: ReadonlyMap<string, Projection>;

  constructor(
    private readonly deps: GenerationsDependencies,
    readonly projections: readonly Projection[],
    private readonly runnerOf: RunnerOf = () => undefined,
  ) {
    this.byName = new Map(projections.map((projection) => [projection.name, projection]));
  }

  projection(name: string): Projection {
    const projection = this.byName.get(name);
    if (!projection) throw new UnknownProjectionError(name, [...this.byName.keys()]);
    return projection;
  }

  async live(name: string): Promise<Generation> {
    const projection = this.projection(name);
    const live = (await this.deps.registry.list(name)).find((record) => record.state === 'live');
    if (!live) throw new MissingGenerationError(name, 'live');
    return { projection, generation: live.generation };
  }

  /** Starts building the next generation beside the live one, or finds the one already being built. */
  async beginRebuild(name: string): Promise<{ readonly record: GenerationRecord; readonly resumed: boolean }> {
    const projection = this.projection(name);
    try {
      return { record: await this.deps.registry.begin(projection.name, projection.version), resumed: false };
    } catch (error) {
      if (!(error instanceof RebuildInProgressError)) throw error;
      const building = (await this.deps.registry.list(name)).find((record) => record.generation === error.generation);
      if (!building) throw error;
      return { record: building, resumed: true };
    }
  }

  async cancelRebuild(name: string): Promise<GenerationRecord> {
    const building = (await this.deps.registry.list(this.projection(name).name)).find((record) => record.state === 'building');
    if (!building) throw new MissingGenerationError(name, 'building');
    await this.deps.registry.abandon(name, building.generation, 'cancelled');
    return building;
  }

  /** Switches a rebuild in once its runner is within `lagEvents` of the head (see switchWhenCaughtUp). */
  switchIfCaughtUp(runner: ProjectionRunner, atHead: boolean, lagEvents: number): Promise<SwitchOutcome> {
    return switchWhenCaughtUp(this.deps, runner, atHead, lagEvents);
  }

  /** Empties the live generation (documents, checkpoint, group) so that it replays from zero: development only, reads see it empty. */
  async emptyLive(name: string): Promise<Generation> {
    const generation = await this.live(name);
    await deleteGroup(this.deps, generation);
    for (const part of partsOf(generation)) await this.deps.readModels.truncate(part);
    return generation;
  }

  /** Removes a generation that no longer serves: its group, its documents, its registry entry. */
  drop(generation: Generation): Promise<void> {
    return dropGeneration(this.deps, generation);
  }

  /** Drops every generation of a projection that a switch retired. */
  async dropRetired(name: string): Promise<void> {
    const projection = this.projection(name);
    for (const record of await this.deps.registry.list(name)) {
      if (record.state === 'retired') await this.drop({ projection, generation: record.generation });
    }
  }

  /** The live generation's parked events (of every partition), in `$all` order. */
  async parked(name: string): Promise<ParkedEvent[]> {
    const parked: ParkedEvent[] = [];
    for (const part of partsOf(await this.live(name))) parked.push(...(await this.deps.readModels.parked(part)));
    return parked.sort((a, b) => comparePositions(a.position, b.position));
  }

  /** Replays the live generation's parked events: of one stream (in its partition), or all of them. */
  async replayParked(name: string, stream?: string): Promise<ReplayOutcome> {
    const live = await this.live(name);
    const count = live.projection.partitions ?? 1;
    const parts = partsOf(live).filter((part) => stream === undefined || part.partition === undefined || part.partition === partitionOf(stream, count));
    let outcome: ReplayOutcome = { replayed: 0, stillParked: 0 };
    for (const part of parts) {
      const one = await replayParked(this.deps, part, stream);
      outcome = { replayed: outcome.replayed + one.replayed, stillParked: outcome.stillParked + one.stillParked };
    }
    return outcome;
  }

  /** The live and building generations of every projection (or of one), with their runners' state where they run here. */
  async statuses(name?: string): Promise<ProjectionStatus[]> {
    if (name !== undefined) this.projection(name);
    const records = (await this.deps.registry.list(name)).filter((record) => this.byName.has(record.projection) && (record.state === 'live' || record.state === 'building'));
    const roster = await this.deps.leases?.roster();
    return Promise.all(
      records.map(async (record) => {
        const projection = this.projection(record.projection);
        return describeGeneration(this.deps, projection, record, this.runnerOf, roster);
      }),
    );
  }

  /** The workers alive now, each with the generations it writes (by key), as the leases say. */
  async workers(): Promise<{ readonly worker: string; readonly heartbeatAgeMs: number; readonly writes: string[] }[]> {
    const roster = await this.deps.leases?.roster();
    if (!roster) return [];
    const now = Date.now();
    return roster.workers.map((worker) => ({
      worker: worker.owner,
      heartbeatAgeMs: now - worker.seenAt.getTime(),
      writes: roster.leases.filter((lease) => lease.owner === worker.owner).map((lease) => lease.key),
    }));
  }
}
