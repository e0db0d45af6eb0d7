import type { JsonObject } from '../../core/events.js';
import type { Batch, ParkedEvent } from '../../core/ports/read-model-store.js';
import { formatPosition, parsePosition, type Position } from '../../core/position.js';

/** A parked event as JSON: positions as decimal text, the date as ISO text. */
interface ParkedJson {
  readonly position: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

/**
 * The events one batch parked and unparked. Elasticsearch cannot store them atomically with the
 * checkpoint in another index, so they travel inside the checkpoint record itself, written in
 * the same compare-and-set; the next commit copies them into the parked index before it replaces
 * the record. A batch that lost the race, or crashed before its checkpoint, thus parks nothing,
 * and a listing adds the last journal to what the index holds.
 */
export class ParkedJournal {
  static readonly empty = new ParkedJournal([], []);

  constructor(
    readonly parked: readonly ParkedEvent[],
    readonly unparked: readonly Position[],
  ) {}

  static of(batch: Pick<Batch, 'parked' | 'unparked'>): ParkedJournal {
    return new ParkedJournal(batch.parked, batch.unparked);
  }

  static fromJson(json: JsonObject | undefined): ParkedJournal {
    if (!json) return ParkedJournal.empty;
    const { parked, unparked } = json as unknown as { parked: JsonObject[]; unparked: string[] };
    return new ParkedJournal(parked.map(ParkedJournal.decode), unparked.map(positionOf));
  }

  get isEmpty(): boolean {
    return this.parked.length === 0 && this.unparked.length === 0;
  }

  toJson(): JsonObject {
    return { parked: this.parked.map(ParkedJournal.encode), unparked: this.unparked.map(formatPosition) };
  }

  /** Applies the journal to parked events listed by position: what the index will hold once it is copied. */
  applyTo(listing: Map<string, ParkedEvent>): void {
    for (const position of this.unparked) listing.delete(formatPosition(position));
    for (const event of this.parked) listing.set(formatPosition(event.position), event);
  }

  static encode(event: ParkedEvent): JsonObject {
    const { streamId, eventId, eventType, error, attempts } = event;
    const json: ParkedJson = { position: formatPosition(event.position), streamId, eventId, eventType, error, attempts, parkedAt: event.parkedAt.toISOString() };
    return { ...json };
  }

  static decode(source: JsonObject): ParkedEvent {
    const json = source as unknown as ParkedJson;
    return {
      position: positionOf(json.position),
      streamId: json.streamId,
      eventId: json.eventId,
      eventType: json.eventType,
      error: json.error,
      attempts: json.attempts,
      parkedAt: new Date(json.parkedAt),
    };
  }
}

function positionOf(text: string): Position {
  const position = parsePosition(text);
  if (!position) throw new Error(`malformed position "${text}" in a parked event`);
  return position;
}
