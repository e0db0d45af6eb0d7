import { GenerationRow } from './generation-row.js';

/**
 * The projections table: one row group per generation (live ones, and those being rebuilt
 * beside them), ordered by projection then generation, kept in place between reports.
 */
export class ProjectionsTable {
  constructor(table, operations) {
    this.table = table;
    this.operations = operations;
    this.rows = new Map();
  }

  /** Shows the generations of a report; `sample` adds it to the lag charts (a periodic report). */
  update(projections, sample) {
    const sorted = [...projections].sort((a, b) => a.projection.localeCompare(b.projection) || a.generation - b.generation);
    const shown = new Set();
    sorted.forEach((status, index) => {
      const key = `${status.projection}/${status.generation}`;
      shown.add(key);
      let row = this.rows.get(key);
      if (!row) {
        row = new GenerationRow(status, this.operations);
        this.rows.set(key, row);
      }
      row.update(status, sample);
      const there = this.table.tBodies[index] ?? null;
      if (there !== row.group) this.table.insertBefore(row.group, there);
    });
    for (const [key, row] of this.rows) {
      if (shown.has(key)) continue;
      row.group.remove();
      this.rows.delete(key);
    }
  }
}
