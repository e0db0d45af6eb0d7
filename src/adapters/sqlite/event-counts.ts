import type { SqliteDatabase } from './open-database.js';

interface Anchor {
  readonly position: number;
  /** Events of the types at or before `position`. */
  readonly count: number;
}

/** Anchors kept per set of types: the head and the checkpoints that status pages ask about, as they move. */
const MAX_ANCHORS = 64;

/**
 * How many events of some types lie at or before a position, counted once and then only from
 * the nearest position counted before. A status page asks, every second, how far each generation
 * is behind the head: counted from scratch, that reads every event after the checkpoint, a
 * million during a rebuild, on the thread that serves HTTP. Here each question reads only the
 * events since the nearest earlier answer. Sound because `$all` only grows at its end: once the
 * head is at H, no event at or before H appears later (one writer assigns positions in order),
 * and events are never deleted. Call within a read transaction, so that the head and the counts
 * come from one snapshot.
 */
export class EventCounts {
  private readonly anchors = new Map<string, Anchor[]>();
  private readonly countBetween;

  constructor(db: SqliteDatabase) {
    this.countBetween = db.prepare(`SELECT count(*) FROM events WHERE type_id IN (SELECT value FROM json_each(?)) AND position > ? AND position <= ?`).pluck();
  }

  /** Events of `typeIds` (a JSON array) at or before `position`. */
  upTo(typeIds: string, position: number): number {
    if (position <= 0) return 0;
    const anchors = this.anchors.get(typeIds) ?? [];
    let nearest: Anchor = { position: 0, count: 0 };
    for (const anchor of anchors) {
      if (anchor.position === position) return anchor.count;
      if (anchor.position < position && anchor.position > nearest.position) nearest = anchor;
    }
    const count = nearest.count + (this.countBetween.get(typeIds, nearest.position, position) as number);
    anchors.push({ position, count });
    if (anchors.length > MAX_ANCHORS) anchors.shift();
    this.anchors.set(typeIds, anchors);
    return count;
  }
}
