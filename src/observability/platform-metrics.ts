import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { RunnerMetrics } from './runner-metrics.js';

/** A registry's metrics as plain data: what crosses from the projection thread to the API's. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The metrics of one platform, in a registry of its own (never prom-client's global one, so
 * that a process may hold several platforms). The runners' counters are kept where the
 * runners run; a projection thread's are fetched at each scrape and added to this thread's
 * (`include`), so that `GET /metrics` shows them all, summed where their labels match.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly runners = new RunnerMetrics(this.registry);
  private readonly sources: (() => Promise<MetricsSnapshot>)[] = [];

  /** Adds metrics kept elsewhere (another thread) to every scrape. */
  include(source: () => Promise<MetricsSnapshot>): void {
    this.sources.push(source);
  }

  /** This thread's metrics, as data. */
  snapshot(): Promise<MetricsSnapshot> {
    return this.registry.getMetricsAsJSON();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus' text format. */
  async render(): Promise<string> {
    if (this.sources.length === 0) return this.registry.metrics();
    const snapshots = await Promise.all([this.snapshot(), ...this.sources.map((source) => source())]);
    return AggregatorRegistry.aggregate(snapshots).metrics();
  }
}
