import type { GenerationState } from '../ports/projection-registry.js';

/** What `GET /api/projections` and `projectionist status` show of one generation. Positions are decimal text. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly registryState: GenerationState;
  /** `catching_up`, `live`, `rebuilding` (a generation being built beside the live one), `stopped`, `failed`, or `idle` (no runner here). */
  readonly state: 'catching_up' | 'live' | 'rebuilding' | 'stopped' | 'failed' | 'idle';
  readonly checkpoint: string | null;
  readonly lag: { readonly events: number; readonly ms: number };
  readonly parked: number;
  readonly lastError: { readonly message: string; readonly at: string } | null;
  readonly stoppedAt: { readonly position: string; readonly eventId: string; readonly eventType: string; readonly stream: string; readonly error: string } | null;
  readonly store: string;
  /** Events per second applied by this process's runner since it started. */
  readonly eventsPerSecond: number | null;
}
