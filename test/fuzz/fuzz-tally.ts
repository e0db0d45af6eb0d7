export type Outcome = '2xx' | '4xx' | 'limit' | 'violation' | 'no answer';

interface Row {
  tried: number;
  readonly outcomes: Record<Outcome, number>;
  readonly statuses: Map<number, number>;
}

/** How many inputs each route (or kind of frame) got, and how they were answered. */
export class FuzzTally {
  private readonly rows = new Map<string, Row>();

  constructor(names: readonly string[] = []) {
    for (const name of names) this.row(name);
  }

  record(name: string, outcome: Outcome, status?: number): void {
    const row = this.row(name);
    row.tried += 1;
    row.outcomes[outcome] += 1;
    if (status !== undefined) row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
  }

  get total(): number {
    return [...this.rows.values()].reduce((sum, row) => sum + row.tried, 0);
  }

  count(outcome: Outcome): number {
    return [...this.rows.values()].reduce((sum, row) => sum + row.outcomes[outcome], 0);
  }

  /** Routes (or kinds) that were never tried: a generator that forgot one. */
  untried(): string[] {
    return [...this.rows].filter(([, row]) => row.tried === 0).map(([name]) => name);
  }

  /** One line per route: tried, 2xx, 4xx, and each status seen. */
  table(heading: string): string {
    const width = Math.max(heading.length, ...[...this.rows.keys()].map((name) => name.length));
    const lines = [`${heading.padEnd(width)}  tried    2xx    4xx  statuses`];
    for (const [name, row] of this.rows) {
      const statuses = [...row.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
      lines.push(`${name.padEnd(width)}  ${pad(row.tried)}  ${pad(row.outcomes['2xx'])}  ${pad(row.outcomes['4xx'])}  ${statuses}`);
    }
    lines.push(`${'total'.padEnd(width)}  ${pad(this.total)}  ${pad(this.count('2xx'))}  ${pad(this.count('4xx'))}`);
    return lines.join('\n');
  }

  private row(name: string): Row {
    let row = this.rows.get(name);
    if (!row) {
      row = { tried: 0, outcomes: { '2xx': 0, '4xx': 0, limit: 0, violation: 0, 'no answer': 0 }, statuses: new Map() };
      this.rows.set(name, row);
    }
    return row;
  }
}

const pad = (n: number) => String(n).padStart(5);
