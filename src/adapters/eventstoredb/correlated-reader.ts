import { BACKWARDS, END, excludeSystemEvents, RUNNING, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { correlationIdOf, isSystemEventType, type RecordedEvent } from '../../core/events.js';
import { readStreamEvents } from './read-stream-events.js';
import { recordedEventOf } from './recorded-event-of.js';

export interface CorrelatedReaderOptions {
  /** Without `$by_correlation_id`, how many of the newest events of `$all` a lookup scans. Default 10,000. */
  readonly scanLimit?: number;
  /** With it, how many of the newest events are also scanned, for what the projection has not linked yet. Default 500. */
  readonly tailLimit?: number;
  /** How long the projection's state is trusted before it is asked again. Default 60 s. */
  readonly statusTtlMs?: number;
}

/**
 * A conversation's events, newest first. Where the server's `$by_correlation_id` system projection
 * runs, it links every event whose metadata carries `$correlationId` into `$bc-<id>`, so a lookup
 * reads that stream, plus the newest stretch of `$all` that the projection (which runs behind
 * the writes) may not have linked yet. Where it does not run (it is off by default), a lookup
 * scans the newest `scanLimit` events of `$all`: older conversations are then not found.
 */
export class CorrelatedReader {
  private projectionRuns: { readonly value: boolean; readonly until: number } | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: CorrelatedReaderOptions = {},
  ) {}

  async read(correlationId: string, maxCount: number): Promise<RecordedEvent[]> {
    if (maxCount <= 0) return [];
    if (!(await this.indexed())) return this.scan(correlationId, maxCount, this.options.scanLimit ?? 10_000);
    const [linked, recent] = await Promise.all([
      readStreamEvents(this.client, `$bc-${correlationId}`, { direction: BACKWARDS, fromRevision: END, maxCount, resolveLinkTos: true }),
      this.scan(correlationId, maxCount, this.options.tailLimit ?? 500),
    ]);
    const byId = new Map<string, RecordedEvent>();
    for (const event of [...recent, ...linked]) if (!isSystemEventType(event.type)) byId.set(event.id, event);
    return [...byId.values()].sort((a, b) => (a.position.commit === b.position.commit ? cmp(b.position.prepare, a.position.prepare) : cmp(b.position.commit, a.position.commit))).slice(0, maxCount);
  }

  private async indexed(): Promise<boolean> {
    if (this.projectionRuns && this.projectionRuns.until > Date.now()) return this.projectionRuns.value;
    let value = false;
    try {
      value = (await this.client.getProjectionStatus('$by_correlation_id')).projectionStatus === RUNNING;
    } catch {
      value = false; // projections subsystem off, or no rights to ask: scan instead
    }
    this.projectionRuns = { value, until: Date.now() + (this.options.statusTtlMs ?? 60_000) };
    return value;
  }

  private async scan(correlationId: string, maxCount: number, limit: number): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: limit, filter: excludeSystemEvents() })) {
      if (!resolved.event || isSystemEventType(resolved.event.type)) continue;
      const event = recordedEventOf(resolved.event, resolved.commitPosition);
      if (correlationIdOf(event) === correlationId) found.push(event);
      if (found.length >= maxCount) break;
    }
    return found;
  }
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
