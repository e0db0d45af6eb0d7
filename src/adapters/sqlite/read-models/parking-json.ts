import type { Parking } from '../../../core/ports/change-notifier.js';
import type { ParkedEvent } from '../../../core/ports/read-model-store.js';
import { formatPosition, parsePosition, type Position } from '../../../core/position.js';

/** A change's parking in the change log: positions as decimal text, dates as epoch milliseconds. */
interface ParkingRow {
  readonly commits: number;
  readonly parked: readonly {
    readonly position: string;
    readonly streamId: string;
    readonly eventId: string;
    readonly eventType: string;
    readonly error: string;
    readonly attempts: number;
    readonly parkedAt: number;
  }[];
  readonly unparked: readonly string[];
}

/** The `parking` column of `rm_changes`. */
export function encodeParking(parking: Parking): string {
  const row: ParkingRow = {
    commits: parking.commits,
    parked: parking.parked.map((event) => ({ ...event, position: formatPosition(event.position), parkedAt: event.parkedAt.getTime() })),
    unparked: parking.unparked.map(formatPosition),
  };
  return JSON.stringify(row);
}

/** Undefined for an entry logged before the column existed (NULL): its parking is unknown. */
export function decodeParking(text: string | null): Parking | undefined {
  if (text === null) return undefined;
  const row = JSON.parse(text) as ParkingRow;
  return {
    commits: Number(row.commits),
    parked: row.parked.map((event): ParkedEvent => ({ ...event, position: positionOf(event.position), parkedAt: new Date(event.parkedAt) })),
    unparked: row.unparked.map(positionOf),
  };
}

function positionOf(text: string): Position {
  const position = parsePosition(text);
  if (!position) throw new Error(`malformed position "${text}" in the change log`);
  return position;
}
