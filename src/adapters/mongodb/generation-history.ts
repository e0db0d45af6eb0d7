import type { GenerationRecord, GenerationState } from '../../core/ports/projection-registry.js';
import { RebuildInProgressError, UnknownGenerationError } from '../../core/ports/read-model-errors.js';

/** One generation inside its projection's registry document. */
export interface StoredGeneration {
  readonly generation: number;
  readonly version: number;
  readonly state: GenerationState;
  readonly createdAt: Date;
  readonly switchedAt: Date | null;
  readonly error: string | null;
}

/**
 * The generations of one projection, as one registry document holds them, with the registry's
 * transitions as pure functions: each returns the next list, or throws the port's error. The
 * registry stores a whole list at once, so every transition is atomic.
 */
export class GenerationHistory {
  constructor(
    readonly projection: string,
    readonly generations: readonly StoredGeneration[],
  ) {}

  /** The next generation: live at once if none is, else building; never a second building one. */
  begin(version: number, now: Date): { history: GenerationHistory; started: StoredGeneration } {
    const building = this.generations.find((g) => g.state === 'building');
    if (building) throw new RebuildInProgressError(this.projection, building.generation);
    const live = this.generations.some((g) => g.state === 'live');
    const generation = Math.max(0, ...this.generations.map((g) => g.generation)) + 1;
    const started: StoredGeneration = { generation, version, state: live ? 'building' : 'live', createdAt: now, switchedAt: live ? null : now, error: null };
    return { history: this.with([...this.generations, started]), started };
  }

  /** The building generation goes live and the live one retires, in the same list. */
  switchTo(generation: number, now: Date): GenerationHistory {
    this.building(generation);
    return this.with(
      this.generations.map((g) => {
        if (g.generation === generation) return { ...g, state: 'live', switchedAt: now };
        return g.state === 'live' ? { ...g, state: 'retired' } : g;
      }),
    );
  }

  abandon(generation: number, state: 'failed' | 'cancelled', error: string | undefined): GenerationHistory {
    this.building(generation);
    return this.with(this.generations.map((g) => (g.generation === generation ? { ...g, state, error: error ?? null } : g)));
  }

  /** Undefined when there is nothing to forget: the live and building generations stay. */
  forget(generation: number): GenerationHistory | undefined {
    const kept = this.generations.filter((g) => g.generation !== generation || g.state === 'live' || g.state === 'building');
    return kept.length === this.generations.length ? undefined : this.with(kept);
  }

  records(): GenerationRecord[] {
    return [...this.generations].sort((a, b) => a.generation - b.generation).map((g) => recordOf(this.projection, g));
  }

  private building(generation: number): void {
    if (!this.generations.some((g) => g.generation === generation && g.state === 'building')) throw new UnknownGenerationError(this.projection, generation);
  }

  private with(generations: StoredGeneration[]): GenerationHistory {
    return new GenerationHistory(this.projection, generations);
  }
}

export function recordOf(projection: string, g: StoredGeneration): GenerationRecord {
  return {
    projection,
    generation: Number(g.generation),
    version: Number(g.version),
    state: g.state,
    createdAt: g.createdAt,
    switchedAt: g.switchedAt ?? undefined,
    error: g.error ?? undefined,
  };
}
