import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Generation } from '../core/projections/generation.js';
import type { BatchMeasure, RunnerMeter } from '../core/runner/runner-meter.js';

type Label = 'projection' | 'generation' | 'partition' | 'worker';

/**
 * The runners' counters, kept where the runners run (the projection thread, a worker process)
 * and labelled by projection, generation, partition (for a partitioned projection) and worker
 * (host, process and thread: the prefix of the worker's lease owner id).
 */
export class RunnerMetrics implements RunnerMeter {
  private readonly worker = `${hostname()}:${process.pid}:${threadId}`;
  private readonly handled: Counter<Label>;
  private readonly parked: Counter<Label>;
  private readonly batches: Histogram<Label>;

  constructor(registry: Registry) {
    const labelNames = ['projection', 'generation', 'partition', 'worker'] as const;
    this.handled = new Counter({ name: 'projectionist_events_handled_total', help: 'Events applied by a generation\'s runner (parked ones included).', labelNames, registers: [registry] });
    this.parked = new Counter({ name: 'projectionist_events_parked_total', help: 'Events a generation\'s runner set aside after its handler kept failing.', labelNames, registers: [registry] });
    this.batches = new Histogram({
      name: 'projectionist_batch_duration_seconds',
      help: 'From reading a batch of events to its commit with the checkpoint.',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  batchCommitted(generation: Generation, measure: BatchMeasure): void {
    const labels = {
      projection: generation.projection.name,
      generation: String(generation.generation),
      ...(generation.partition !== undefined ? { partition: String(generation.partition) } : {}),
      worker: this.worker,
    };
    this.handled.inc(labels, measure.events);
    if (measure.parked > 0) this.parked.inc(labels, measure.parked);
    this.batches.observe(labels, measure.seconds);
  }
}
