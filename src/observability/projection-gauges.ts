import { Counter, Gauge, type Registry } from 'prom-client';
import type { Generations } from '../core/generations/generations.js';
import type { ProjectionStatus } from '../core/generations/generation-status.js';
import type { AllEvents } from '../core/ports/all-events.js';
import { rebuildProgress } from './rebuild-progress.js';

type Labels = 'projection' | 'generation' | 'partition';

/**
 * Lag (events and seconds), parked events and rebuild progress of every generation, read at
 * each scrape from the stores and the runners' views (wherever they run: this thread, the
 * projection thread, other processes), the same figures `GET /api/projections` shows; a
 * partitioned projection's also per partition (label `partition`).
 */
export class ProjectionGauges {
  private scrape: Promise<ProjectionStatus[]> | undefined;
  private readonly failures: Counter;

  constructor(
    registry: Registry,
    private readonly generations: Generations,
    private readonly events: Pick<AllEvents, 'countEvents'>,
  ) {
    this.failures = new Counter({
      name: 'projectionist_status_read_failures_total',
      help: 'Scrapes whose lag, parked and progress figures could not be read (a store away): those gauges are then absent.',
      registers: [registry],
    });
    const statuses = () => this.statuses();
    const failed = () => {
      this.failures.inc();
      return undefined;
    };
    const gauge = (name: string, help: string, value: (status: ProjectionStatus) => Promise<number | undefined> | number | undefined) =>
      new Gauge<Labels>({
        name,
        help,
        labelNames: ['projection', 'generation', 'partition'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const status of await statuses()) {
            const measured = await Promise.resolve()
              .then(() => value(status))
              .catch(failed);
            if (measured !== undefined) this.set({ projection: status.projection, generation: String(status.generation) }, measured);
            // A partitioned projection's partitions each have their own figures too.
            for (const part of status.partitions ?? []) {
              const ofPart = await Promise.resolve()
                .then(() => value({ ...status, ...part }))
                .catch(failed);
              if (ofPart !== undefined) this.set({ projection: status.projection, generation: String(status.generation), partition: String(part.partition) }, ofPart);
            }
          }
        },
      });
    gauge('projectionist_lag_events', 'Events a generation has still to apply.', (status) => status.lag.events);
    gauge('projectionist_lag_seconds', 'Age of the oldest event a generation has still to apply.', (status) => status.lag.ms / 1000);
    gauge('projectionist_parked_events', 'Events a generation set aside, waiting for a replay.', (status) => status.parked);
    gauge('projectionist_rebuild_progress_ratio', 'Share of its events a generation being rebuilt has applied (0 to 1).', (status) =>
      status.registryState === 'building' ? rebuildProgress(this.events, this.generations.projection(status.projection), status) : undefined,
    );
  }

  /**
   * One read of the statuses per scrape, shared by the four gauges (collected together). A
   * read that fails leaves them out and is counted, so that the scrape still shows the rest.
   */
  private statuses(): Promise<ProjectionStatus[]> {
    this.scrape ??= this.generations
      .statuses()
      .catch(() => {
        this.failures.inc();
        return [];
      })
      .finally(() => (this.scrape = undefined));
    return this.scrape;
  }
}
