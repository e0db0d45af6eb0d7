import type { EventTypeFilter } from '../../core/ports/event-store.js';
import { isSystemEventType } from '../../core/events.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * The interned event type names. Filters resolve to the ids of the matching types, so
 * `$all` is filtered inside SQLite on an integer. Other processes may add types at any time:
 * `refresh()` (called inside each read transaction) picks them up before a filter is used.
 */
export class EventTypeRegistry {
  private readonly idsByName = new Map<string, number>();
  private readonly namesById = new Map<number, string>();
  private readonly resolved = new Map<string, string>();
  private maxId = 0;
  private readonly insertType;
  private readonly selectMaxId;
  private readonly selectAll;

  constructor(db: SqliteDatabase) {
    this.insertType = db.prepare('INSERT OR IGNORE INTO event_types (name) VALUES (?)');
    this.selectMaxId = db.prepare('SELECT coalesce(max(id), 0) FROM event_types').pluck();
    this.selectAll = db.prepare('SELECT id, name FROM event_types');
    this.load();
  }

  /** The id of `name`, creating it (in its own small transaction) on first sight. */
  idFor(name: string): number {
    const known = this.idsByName.get(name);
    if (known !== undefined) return known;
    this.insertType.run(name);
    this.load();
    return this.idsByName.get(name)!;
  }

  nameOf(id: number): string {
    const name = this.namesById.get(id) ?? (this.load(), this.namesById.get(id));
    if (name === undefined) throw new Error(`Unknown event type id ${id}`);
    return name;
  }

  /** Picks up types that other processes created since the last look. */
  refresh(): void {
    if (this.selectMaxId.get() !== this.maxId) this.load();
  }

  /** A JSON array of the ids of the non-system types the filter selects (all of them without one). */
  idsMatching(filter: EventTypeFilter | undefined): string {
    const key = filterKey(filter);
    const cached = this.resolved.get(key);
    if (cached !== undefined) return cached;
    const matches = compile(filter);
    const ids = [...this.idsByName].filter(([name]) => !isSystemEventType(name) && matches(name)).map(([, id]) => id);
    const json = JSON.stringify(ids);
    this.resolved.set(key, json);
    return json;
  }

  private load(): void {
    const rows = this.selectAll.all() as { id: number; name: string }[];
    for (const { id, name } of rows) {
      this.idsByName.set(name, id);
      this.namesById.set(id, name);
      this.maxId = Math.max(this.maxId, id);
    }
    this.resolved.clear();
  }
}

function filterKey(filter: EventTypeFilter | undefined): string {
  if (!filter) return '*';
  return 'regex' in filter ? `r:${filter.regex}` : `p:${JSON.stringify(filter.prefixes)}`;
}

function compile(filter: EventTypeFilter | undefined): (name: string) => boolean {
  if (!filter) return () => true;
  if ('regex' in filter) {
    const regex = new RegExp(filter.regex);
    return (name) => regex.test(name);
  }
  return (name) => filter.prefixes.some((prefix) => name.startsWith(prefix));
}
