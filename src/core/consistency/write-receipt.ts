import type { Position } from '../position.js';

/**
 * What a read needs to wait for a write: the position of the write's last event, the types of
 * its events (a read waits only for the projections that handle one of them), and its stream
 * (a projection parks per stream: if it parked one of them, the wait says so at once).
 */
export interface WriteReceipt {
  readonly position: Position;
  readonly eventTypes: readonly string[];
  readonly stream: string;
}
