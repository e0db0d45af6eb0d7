/** Counts by label, printed largest first. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(label: string, by = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + by);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  entries(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]);
  }

  /** `label: n, label: n`, or `none`. */
  toString(): string {
    const entries = this.entries();
    return entries.length === 0 ? 'none' : entries.map(([label, count]) => `${label}: ${count}`).join(', ');
  }
}
