import type { Parking } from '../ports/change-notifier.js';
import type { ParkedEvent } from '../ports/read-model-store.js';
import { comparePositions, formatPosition } from '../position.js';
import type { WriteReceipt } from './write-receipt.js';

/**
 * The parked events that hold one write back in one generation (those of its stream at or below
 * its position), as read once from the store and then kept current by each change's `parking`.
 * Changes heard while the reading is under way wait for it. A change at or below the commit
 * count read is already in the reading and is skipped (changes relayed from another process
 * arrive late); a change that skips a count, or that does not know its parking, makes the view
 * stale: it would miss what that change did, so it is no longer `ready`.
 */
export class ParkedView {
  private commits: number | undefined;
  private readonly events = new Map<string, ParkedEvent>();
  private readonly heardWhileReading: (Parking | undefined)[] = [];
  private isStale = false;

  constructor(private readonly receipt: WriteReceipt) {}

  /** The earliest parked event that holds the write back, among `events`. */
  static earliestOf(events: readonly ParkedEvent[], receipt: WriteReceipt): ParkedEvent | undefined {
    return events
      .filter((event) => holdsBack(event, receipt))
      .reduce<ParkedEvent | undefined>((earliest, event) => (earliest && comparePositions(earliest.position, event.position) <= 0 ? earliest : event), undefined);
  }

  /** True once read, while no change was missed. */
  get ready(): boolean {
    return this.commits !== undefined && !this.isStale;
  }

  /** The reading: the generation's commit count, then its parked events (read after the count, so they hold at least that much). */
  seed(commits: number, parked: readonly ParkedEvent[]): void {
    this.commits = commits;
    this.add(parked);
    for (const parking of this.heardWhileReading.splice(0)) this.apply(parking);
  }

  apply(parking: Parking | undefined): void {
    if (this.isStale) return;
    if (this.commits === undefined) return void this.heardWhileReading.push(parking);
    if (!parking || parking.commits > this.commits + 1) return void (this.isStale = true);
    if (parking.commits <= this.commits) return;
    this.commits = parking.commits;
    for (const position of parking.unparked) this.events.delete(formatPosition(position));
    this.add(parking.parked);
  }

  earliest(): ParkedEvent | undefined {
    return ParkedView.earliestOf([...this.events.values()], this.receipt);
  }

  private add(parked: readonly ParkedEvent[]): void {
    for (const event of parked) if (holdsBack(event, this.receipt)) this.events.set(formatPosition(event.position), event);
  }
}

/** A projection parks per stream: a parked event of the write's stream at or below it holds the write back. */
function holdsBack(event: ParkedEvent, receipt: WriteReceipt): boolean {
  return event.streamId === receipt.stream && comparePositions(event.position, receipt.position) <= 0;
}
