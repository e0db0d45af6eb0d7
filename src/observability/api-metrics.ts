import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Visibility } from '../core/consistency/consistency-waiter.js';

export type ClientTransport = 'websocket' | 'sse';

/**
 * What the API measures: request durations by route pattern (never the raw URL, whose ids
 * would make a series per document), consistency waits and their timeouts, open WebSocket
 * and Server-Sent Events clients, and the process itself (prom-client's defaults).
 */
export class ApiMetrics {
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly waits: Histogram<'outcome'>;
  private readonly timeouts: Counter<'projection'>;
  private readonly clients = new Map<ClientTransport, () => number>();

  constructor(registry: Registry) {
    collectDefaultMetrics({ register: registry, prefix: 'projectionist_' });
    this.requests = new Histogram({
      name: 'projectionist_http_request_duration_seconds',
      help: 'HTTP requests, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.waits = new Histogram({
      name: 'projectionist_consistency_wait_seconds',
      help: 'Reads and streams that waited for a write: how long, and how the wait ended (visible, parked, timeout, left).',
      labelNames: ['outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.timeouts = new Counter({
      name: 'projectionist_consistency_wait_timeouts_total',
      help: 'Waits that ended before the write was visible, by projection still behind.',
      labelNames: ['projection'],
      registers: [registry],
    });
    const clients = this.clients;
    new Gauge({
      name: 'projectionist_clients',
      help: 'Open notification connections, by transport (websocket, sse).',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        for (const [transport, count] of clients) this.set({ transport }, count());
      },
    });
  }

  observeRequest(labels: { readonly method: string; readonly route: string; readonly status: number }, seconds: number): void {
    this.requests.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds);
  }

  /** A wait ended: `aborted` when its client left first. */
  observeWait(visibility: Visibility, seconds: number, aborted = false): void {
    const outcome = visibility.state === 'pending' ? (aborted ? 'left' : 'timeout') : visibility.state;
    this.waits.observe({ outcome }, seconds);
    if (outcome === 'timeout' && visibility.state === 'pending') for (const projection of visibility.waitingFor) this.timeouts.inc({ projection });
  }

  /** Counts a transport's open clients at each scrape. */
  countClients(transport: ClientTransport, count: () => number): void {
    this.clients.set(transport, count);
  }
}
