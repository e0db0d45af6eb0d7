import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { documentTable, searchTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import type { JsonObject } from '../../src/core/events.js';
import { collectionsOf, type Projection } from '../../src/core/projections/projection.js';

/** Every live document of every projection in an embedded read-model file: projection → collection → id → body. */
export function readModelSnapshot(file: string, projections: readonly Projection[]): Record<string, Record<string, Record<string, JsonObject>>> {
  const database = new ReadModelDatabase(file);
  try {
    const snapshot: Record<string, Record<string, Record<string, JsonObject>>> = {};
    for (const projection of projections) {
      const live = database.db.prepare("SELECT generation FROM rm_generations WHERE projection = ? AND state = 'live'").pluck().get(projection.name) as number;
      const generation = { projection, generation: live };
      snapshot[projection.name] = {};
      for (const collection of collectionsOf(projection)) {
        const table = projection.target.kind === 'documents' ? documentTable(generation, collection) : searchTable(generation);
        const rows = database.db.prepare(`SELECT id, body FROM ${table} WHERE body IS NOT NULL`).all() as { id: string; body: string }[];
        snapshot[projection.name]![collection] = Object.fromEntries(rows.map((row) => [row.id, JSON.parse(row.body) as JsonObject]));
      }
    }
    return snapshot;
  } finally {
    database.close();
  }
}
