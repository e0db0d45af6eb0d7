import type { JsonObject, JsonValue, RecordedEvent } from '../../core/events.js';
import { position } from '../../core/position.js';
import { hexToUuid } from './event-row.js';
import type { EventTypeRegistry } from './event-type-registry.js';

/** One event as the page's JSON holds it: position and revision as decimal text (64-bit), the id as hex. */
type EventTuple = [string, string, string, string, number, number, JsonValue, JsonObject];

/**
 * A page of events as one JSON text that SQLite writes: each event a JSON array, the stored
 * `data` and `metadata` (JSON text already) spliced in as they are. Reading a large page this way
 * makes no JavaScript object per row and per column, and leaves one `JSON.parse` of the whole
 * page, which matters when a rebuild reads a million events. `rows` is a subquery over `events e`
 * joined with `streams s`, ordered by position, with positional parameters. This selects `json`,
 * the page's text, unless its UTF-8 bytes (never fewer than the UTF-16 units of a JavaScript
 * string) would pass `@maxBytes`: then `json` is NULL and `tooLong` 1, and the caller reads the
 * page as rows. (SQLite still gathers the text meanwhile: a page far too long for it fails with
 * SQLITE_TOOBIG, which the caller treats the same way.) `count` and `last` are the page's number of
 * events and its last position (NULL when empty), so that a caller can go on without parsing it.
 */
export function eventPageSql(rows: string): string {
  const tuple = `'["' || e.position || '",' || json_quote(s.name) || ',"' || e.revision || '","' || lower(hex(e.event_id)) || '",' || e.type_id || ',' || e.created || ',' || e.data || ',' || e.metadata || ']'`;
  return `SELECT CASE WHEN sum(octet_length(event)) + count(*) + 2 > @maxBytes THEN NULL ELSE '[' || group_concat(event, ',' ORDER BY position) || ']' END AS json,
      coalesce(sum(octet_length(event)) + count(*) + 2 > @maxBytes, 0) AS tooLong, count(*) AS count, max(position) AS last
    FROM (SELECT e.position AS position, ${tuple} AS event ${rows})`;
}

/** The events of a page that eventPageSql wrote, in its order. */
export function eventsOfPage(json: string | null, types: EventTypeRegistry): RecordedEvent[] {
  if (json === null) return [];
  return (JSON.parse(json) as EventTuple[]).map(([at, stream, revision, id, typeId, created, data, metadata]) => ({
    id: hexToUuid(id),
    type: types.nameOf(typeId),
    streamId: stream,
    revision: BigInt(revision),
    position: position(BigInt(at)),
    data,
    metadata,
    created: new Date(created),
  }));
}
