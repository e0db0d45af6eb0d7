/** One line of a benchmark's output: a measured rate, and its ratio to a reference from the same run. */
export interface Row {
  readonly label: string;
  readonly perSecond: number;
  readonly unit: string;
  readonly note?: string;
}

export function printTable(title: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((r) => r.label.length));
  for (const row of rows) {
    const rate = Math.round(row.perSecond).toLocaleString('en-US').padStart(10);
    console.log(`  ${row.label.padEnd(width)}  ${rate} ${row.unit}${row.note ? `  ${row.note}` : ''}`);
  }
}

export function ratio(ours: number, reference: number): string {
  return `${(ours / reference).toFixed(2)}x`;
}
