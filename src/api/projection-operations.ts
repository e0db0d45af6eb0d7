import type { Platform } from '../composition/compose.js';
import type { GenerationRecord } from '../core/ports/projection-registry.js';
import { UnknownGenerationError } from '../core/ports/read-model-errors.js';
import type { ParkedEvent } from '../core/ports/read-model-store.js';
import type { Projection } from '../core/projections/projection.js';
import { describeGeneration, type ProjectionStatus } from '../core/runner/projection-status.js';
import { replayParked, type ReplayOutcome } from '../core/runner/replay-parked.js';

/**
 * What the operations endpoints do, whether this process runs the workers or not: with them,
 * through the workers (which know their runners' state); without, through the stores and the
 * registry (workers elsewhere follow the registry).
 */
export class ProjectionOperations {
  constructor(private readonly platform: Platform) {}

  async statuses(): Promise<ProjectionStatus[]> {
    if (this.platform.workers) return this.platform.workers.status();
    const records = await this.platform.registry.list();
    const statuses: ProjectionStatus[] = [];
    for (const projection of this.platform.projections) {
      for (const record of records.filter((r) => r.projection === projection.name && (r.state === 'live' || r.state === 'building'))) {
        statuses.push(await describeGeneration(this.platform, projection, record, undefined));
      }
    }
    return statuses;
  }

  async status(name: string): Promise<ProjectionStatus[]> {
    this.projection(name);
    return (await this.statuses()).filter((status) => status.projection === name);
  }

  async rebuild(name: string): Promise<GenerationRecord> {
    const projection = this.projection(name);
    if (this.platform.workers) return this.platform.workers.rebuild(name);
    return this.platform.registry.begin(projection.name, projection.version);
  }

  async parked(name: string): Promise<ParkedEvent[]> {
    return this.platform.readModels.parked(await this.platform.live.of(this.projection(name)));
  }

  async replayParked(name: string, stream?: string): Promise<ReplayOutcome> {
    return replayParked(this.platform, await this.platform.live.of(this.projection(name)), stream);
  }

  private projection(name: string): Projection {
    const projection = this.platform.projections.find((p) => p.name === name);
    if (!projection) throw new UnknownGenerationError(name, 0);
    return projection;
  }
}
