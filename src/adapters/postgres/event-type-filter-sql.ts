import type { EventTypeFilter } from '../../core/ports/event-type-filter.js';

/**
 * The SQL condition of an event type filter, with its parameter: `$`-prefixed (system) types
 * never pass. Prefixes compare as text; a regex is matched by PostgreSQL's own engine (POSIX
 * advanced expressions), which agrees with JavaScript's on the anchors, classes, groups and
 * alternations filters use, as EventStoreDB's .NET regex does.
 */
export function eventTypeFilterSql(filter: EventTypeFilter | undefined, parameter: number): { readonly sql: string; readonly values: unknown[] } {
  const system = `left(type, 1) <> '$'`;
  if (!filter) return { sql: system, values: [] };
  if ('regex' in filter) return { sql: `${system} AND type ~ $${parameter}`, values: [filter.regex] };
  return { sql: `${system} AND EXISTS (SELECT 1 FROM unnest($${parameter}::text[]) p WHERE starts_with(type, p))`, values: [filter.prefixes] };
}
