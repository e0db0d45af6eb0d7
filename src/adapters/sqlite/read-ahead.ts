import type { RecordedEvent } from '../../core/events.js';
import type { EventTypeFilter, ReadAllOptions } from '../../core/ports/event-store.js';
import { eventsOfSlices, toRowid, type EventReader, type PageSlice } from './event-reader.js';
import type { EventTypeRegistry } from './event-type-registry.js';
import type { PageReaderThread } from './page-reader-thread.js';

/** Forwards reads of fewer events than this are not worth a page read ahead. */
const READ_AHEAD_MIN_EVENTS = 100;
/** Pages read ahead that are kept, at most (a few per runner reading; the least recently asked for go first). */
const MAX_PAGES_AHEAD = 16;

/**
 * Reads the next page of `$all` while the caller handles this one. After a full forwards page
 * (catch-up and rebuilds read page after page, each from the last event of the one before), the
 * page that follows it is asked of the page reader thread; when it is asked for, it is there or
 * on its way. Pages are kept a while after: the partitions of a projection read the same pages,
 * each at its own pace. Only a full page read ahead is used: every event up to its last is committed and
 * none can come between them (one writer assigns positions in commit order), so it is the same
 * page read now. A shorter one may end before events appended since, and is read again here, as
 * is anything when the thread is away.
 */
export class ReadAhead {
  private readonly ahead = new Map<string, Promise<PageSlice[] | undefined>>();

  constructor(
    private readonly reader: EventReader,
    private readonly types: EventTypeRegistry,
    private readonly thread: PageReaderThread,
  ) {}

  /** What `reader.readAll(options)` reads; forwards reads of a page or more may have been read ahead. */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards' || options.fromPosition === 'end' || options.maxCount < READ_AHEAD_MIN_EVENTS) return this.reader.readAll(options);
    const from = options.fromPosition === undefined || options.fromPosition === 'start' ? 0 : toRowid(options.fromPosition);
    const key = keyOf(options.filter, from, options.maxCount);
    const ahead = this.ahead.get(key);
    // Kept, newest last: the partitions of a projection read the same pages, one after another.
    if (ahead) this.ahead.delete(key), this.ahead.set(key, ahead);
    const slices = ahead && (await ahead);
    let events = slices && eventsOfSlices(slices, this.types);
    if (!events || events.length < options.maxCount) events = this.reader.readAll(options);
    if (events.length === options.maxCount) this.readNext(options.filter, toRowid(events[events.length - 1]!.position), options.maxCount);
    return events;
  }

  private readNext(filter: EventTypeFilter | undefined, from: number, maxCount: number): void {
    if (this.thread.broken) return;
    const key = keyOf(filter, from, maxCount);
    if (this.ahead.has(key)) return;
    // A page that could not be read ahead is read when it is asked for.
    this.ahead.set(key, this.thread.read(filter, from, maxCount).catch(() => undefined));
    if (this.ahead.size > MAX_PAGES_AHEAD) this.ahead.delete(this.ahead.keys().next().value!);
  }
}

function keyOf(filter: EventTypeFilter | undefined, from: number, maxCount: number): string {
  return `${from} ${maxCount} ${JSON.stringify(filter ?? null)}`;
}
