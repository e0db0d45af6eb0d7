/** Every latency of one kind of request, for percentiles at the end. */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  private sorted = true;

  add(ms: number): void {
    this.samples.push(ms);
    this.sorted = false;
  }

  get count(): number {
    return this.samples.length;
  }

  /** The latency `q` (0..1) of the requests were at or under, in ms. */
  at(q: number): number {
    if (this.samples.length === 0) return Number.NaN;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.samples[Math.min(this.samples.length - 1, Math.floor(q * this.samples.length))]!;
  }

  /** `p50 x ms, p99 y ms, max z ms`. */
  summary(): string {
    return `p50 ${this.at(0.5).toFixed(1)} ms, p99 ${this.at(0.99).toFixed(1)} ms, max ${this.at(1).toFixed(1)} ms`;
  }
}
