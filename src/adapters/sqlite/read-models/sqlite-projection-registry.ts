import type { GenerationRecord, GenerationState, ProjectionRegistry } from '../../../core/ports/projection-registry.js';
import { RebuildInProgressError, UnknownGenerationError } from '../../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../../core/ports/read-model-errors-of.js';
import type { ReadModelDatabase } from './read-model-database.js';

interface Row {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly state: GenerationState;
  readonly created_at: number;
  readonly switched_at: number | null;
  readonly error: string | null;
}

/** The registry of generations, in the read models' file: a switch is one transaction. */
export class SqliteProjectionRegistry implements ProjectionRegistry {
  constructor(private readonly database: ReadModelDatabase) {
    return withReadModelErrors(this, 'registry');
  }

  async list(projection?: string): Promise<GenerationRecord[]> {
    const rows = (
      projection === undefined
        ? this.database.db.prepare('SELECT * FROM rm_generations ORDER BY projection, generation').all()
        : this.database.db.prepare('SELECT * FROM rm_generations WHERE projection = ? ORDER BY generation').all(projection)
    ) as Row[];
    return rows.map(toRecord);
  }

  async begin(projection: string, version: number): Promise<GenerationRecord> {
    return this.write(() => {
      const rows = this.database.db.prepare('SELECT * FROM rm_generations WHERE projection = ?').all(projection) as Row[];
      const building = rows.find((row) => row.state === 'building');
      if (building) throw new RebuildInProgressError(projection, building.generation);
      const generation = Math.max(0, ...rows.map((row) => row.generation)) + 1;
      const state = rows.some((row) => row.state === 'live') ? 'building' : 'live';
      const now = Date.now();
      this.database.db
        .prepare('INSERT INTO rm_generations (projection, generation, version, state, created_at, switched_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(projection, generation, version, state, now, state === 'live' ? now : null);
      return toRecord(this.database.db.prepare('SELECT * FROM rm_generations WHERE projection = ? AND generation = ?').get(projection, generation) as Row);
    });
  }

  async switchTo(projection: string, generation: number): Promise<void> {
    this.write(() => {
      const moved = this.database.db
        .prepare("UPDATE rm_generations SET state = 'live', switched_at = ? WHERE projection = ? AND generation = ? AND state = 'building'")
        .run(Date.now(), projection, generation);
      if (moved.changes === 0) throw new UnknownGenerationError(projection, generation);
      this.database.db
        .prepare("UPDATE rm_generations SET state = 'retired' WHERE projection = ? AND generation <> ? AND state = 'live'")
        .run(projection, generation);
    });
  }

  async abandon(projection: string, generation: number, state: 'failed' | 'cancelled', error?: string): Promise<void> {
    this.write(() => {
      const ended = this.database.db
        .prepare("UPDATE rm_generations SET state = ?, error = ? WHERE projection = ? AND generation = ? AND state = 'building'")
        .run(state, error ?? null, projection, generation);
      if (ended.changes === 0) throw new UnknownGenerationError(projection, generation);
    });
  }

  async forget(projection: string, generation: number): Promise<void> {
    this.write(() =>
      this.database.db
        .prepare("DELETE FROM rm_generations WHERE projection = ? AND generation = ? AND state NOT IN ('live', 'building')")
        .run(projection, generation),
    );
  }

  /** Listeners hear of registry changes only, not of every batch committed to the same file. */
  onChange(listener: () => void): () => void {
    let seen = this.version();
    return this.database.changes.onChange(() => {
      const now = this.version();
      if (now === seen) return;
      seen = now;
      listener();
    });
  }

  private version(): number {
    return this.database.statements.get('SELECT version FROM rm_registry_version', { pluck: true }).get() as number;
  }

  /** A change of the registry, in one immediate transaction that also bumps its version (what onChange compares). */
  private write<T>(work: () => T): T {
    const result = this.database.db
      .transaction(() => {
        const outcome = work();
        this.database.db.prepare('UPDATE rm_registry_version SET version = version + 1').run();
        return outcome;
      })
      .immediate();
    this.database.changes.committed();
    return result;
  }
}

function toRecord(row: Row): GenerationRecord {
  return {
    projection: row.projection,
    generation: row.generation,
    version: row.version,
    state: row.state,
    createdAt: new Date(row.created_at),
    switchedAt: row.switched_at === null ? undefined : new Date(row.switched_at),
    error: row.error ?? undefined,
  };
}
