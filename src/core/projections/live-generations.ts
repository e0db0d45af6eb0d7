import type { ProjectionRegistry } from '../ports/projection-registry.js';
import { ProjectionNotReadyError } from '../ports/read-model-errors.js';
import type { Generation } from './generation.js';
import type { Projection } from './projection.js';

/**
 * Which generation of each projection serves reads, cached and refreshed whenever the registry
 * changes (in any process), so that a read costs no registry lookup and follows a switch at once.
 */
export class LiveGenerations {
  private cache: Map<string, number> | undefined;
  private loading: Promise<Map<string, number>> | undefined;
  private readonly stopListening: () => void;

  constructor(private readonly registry: ProjectionRegistry) {
    this.stopListening = registry.onChange(() => {
      this.cache = undefined;
      this.loading = undefined;
    });
  }

  async of(projection: Projection): Promise<Generation> {
    const live = (this.cache ?? (await this.load())).get(projection.name);
    if (live === undefined) throw new ProjectionNotReadyError(projection.name);
    return { projection, generation: live };
  }

  close(): void {
    this.stopListening();
  }

  private load(): Promise<Map<string, number>> {
    this.loading ??= this.registry.list().then((records) => {
      const live = new Map(records.filter((r) => r.state === 'live').map((r) => [r.projection, r.generation]));
      this.cache = live;
      return live;
    });
    return this.loading;
  }
}
