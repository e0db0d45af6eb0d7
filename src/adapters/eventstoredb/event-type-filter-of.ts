import { eventTypeFilter, excludeSystemEvents, type AllStreamSubscription, type Filter, type Position } from '@kurrent/kurrentdb-client';
import type { EventTypeFilter } from '../../core/ports/event-type-filter.js';

/** The server scans this many events per search window; checkpoint intervals are multiples of it. */
export const SEARCH_WINDOW = 32;

export interface ServerFilterOptions {
  /** Events scanned without a match before a checkpoint (the port's unit); rounded up to windows of 32. */
  readonly checkpointInterval?: number;
  readonly checkpointReached?: (subscription: AllStreamSubscription, position: Position) => Promise<void> | void;
}

/**
 * The port's filter as a server-side event type filter. Without one, system events are excluded
 * on the server (`^[^$]`), since `$all` must never return them; with one, the reader still drops
 * `$` types, since a regex may match them.
 */
export function eventTypeFilterOf(filter: EventTypeFilter | undefined, options: ServerFilterOptions = {}): Filter {
  const checkpointInterval = Math.max(1, Math.ceil((options.checkpointInterval ?? 1_000) / SEARCH_WINDOW));
  const common = { checkpointInterval, ...(options.checkpointReached ? { checkpointReached: options.checkpointReached } : {}) };
  if (!filter) return excludeSystemEvents(common);
  if ('prefixes' in filter) {
    // No prefix matches nothing (as in the embedded store); the server would read an empty list as no filter.
    if (filter.prefixes.length === 0) return eventTypeFilter({ regex: '^(?!)', ...common });
    return eventTypeFilter({ prefixes: [...filter.prefixes], ...common });
  }
  return eventTypeFilter({ regex: filter.regex, ...common });
}
