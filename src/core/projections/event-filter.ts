import type { EventTypeFilter } from '../ports/event-type-filter.js';
import { eventTypesOf, type Projection } from './projection.js';

/** The server-side filter for exactly the event types a projection handles. */
export function filterFor(projection: Projection): EventTypeFilter {
  const alternatives = eventTypesOf(projection)
    .map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return { regex: `^(?:${alternatives})$` };
}
