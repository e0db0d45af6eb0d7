import type { RecordedEvent } from '../../core/events.js';
import type { EventTypeFilter, ReadAllOptions } from '../../core/ports/event-store.js';
import { eventsOfSlices, toRowid, type EventReader, type PageSlice } from './event-reader.js';
import type { EventTypeRegistry } from './event-type-registry.js';
import type { PageReaderThread } from './page-reader-thread.js';

/** Forwards reads of fewer events than this are not worth a page read ahead. */
const READ_AHEAD_MIN_EVENTS = 100;
/** How much is kept of the pages read ahead: the least recently asked for go first. */
export interface ReadAheadBounds {
  /** Pages, at most: a few per runner reading. */
  readonly pages: number;
  /** Their text, in UTF-16 units (past it, only the newest page is kept): a page of a catch-up batch of 100,000 events is about 30 million. */
  readonly units: number;
}

const BOUNDS: ReadAheadBounds = { pages: 16, units: 8 * 1024 * 1024 };

interface PageAhead {
  readonly slices: Promise<PageSlice[] | undefined>;
  /** The page's size once read, 0 before. */
  units: number;
}

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
  private readonly ahead = new Map<string, PageAhead>();
  private units = 0;
  /** Pages answered from what was read ahead. */
  servedAhead = 0;

  constructor(
    private readonly reader: EventReader,
    private readonly types: EventTypeRegistry,
    private readonly thread: PageReaderThread,
    private readonly bounds = BOUNDS,
  ) {}

  /** What is kept now: pages, and the units of those read. */
  kept(): { readonly pages: number; readonly units: number } {
    return { pages: this.ahead.size, units: this.units };
  }

  /** What `reader.readAll(options)` reads; forwards reads of a page or more may have been read ahead. */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards' || options.fromPosition === 'end' || options.maxCount < READ_AHEAD_MIN_EVENTS) return this.reader.readAll(options);
    const from = options.fromPosition === undefined || options.fromPosition === 'start' ? 0 : toRowid(options.fromPosition);
    const key = keyOf(options.filter, from, options.maxCount);
    const ahead = this.ahead.get(key);
    // Kept, newest last: the partitions of a projection read the same pages, one after another.
    if (ahead) this.ahead.delete(key), this.ahead.set(key, ahead);
    const slices = ahead && (await ahead.slices);
    let events = slices && eventsOfSlices(slices, this.types);
    if (!events || events.length < options.maxCount) {
      this.forget(key);
      events = this.reader.readAll(options);
    } else this.servedAhead += 1;
    if (events.length === options.maxCount) this.readNext(options.filter, toRowid(events[events.length - 1]!.position), options.maxCount);
    return events;
  }

  private readNext(filter: EventTypeFilter | undefined, from: number, maxCount: number): void {
    if (this.thread.broken) return;
    const key = keyOf(filter, from, maxCount);
    if (this.ahead.has(key)) return;
    const page: PageAhead = {
      // A page that could not be read ahead is read when it is asked for.
      slices: this.thread.read(filter, from, maxCount).then(
        (slices) => {
          if (this.ahead.get(key) === page) this.units += page.units = unitsOf(slices);
          this.evict();
          return slices;
        },
        () => undefined,
      ),
      units: 0,
    };
    this.ahead.set(key, page);
    this.evict();
  }

  private forget(key: string): void {
    const page = this.ahead.get(key);
    if (!page) return;
    this.ahead.delete(key);
    this.units -= page.units;
  }

  /** Forgets the least recently asked for pages past the bounds (the one being asked for is already out of the way or the newest). */
  private evict(): void {
    while (this.ahead.size > this.bounds.pages || (this.units > this.bounds.units && this.ahead.size > 1)) {
      this.forget(this.ahead.keys().next().value!);
    }
  }
}

function keyOf(filter: EventTypeFilter | undefined, from: number, maxCount: number): string {
  return `${from} ${maxCount} ${JSON.stringify(filter ?? null)}`;
}

/** A page's size in UTF-16 units: its text, or its rows' data and metadata. */
function unitsOf(slices: readonly PageSlice[]): number {
  let units = 0;
  for (const slice of slices) units += 'json' in slice ? slice.json.length : slice.rows.reduce((sum, row) => sum + row.data.length + row.metadata.length + row.stream.length, 0);
  return units;
}
