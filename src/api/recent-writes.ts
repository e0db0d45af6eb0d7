import { decodeToken, type WriteReceipt } from '../core/consistency/consistency-token.js';
import { comparePositions } from '../core/position.js';

/**
 * The writes this API made lately, by correlation id, for the seed's `?correlation=<id>`:
 * a read given a correlation id waits for the latest write of that conversation. Bounded;
 * the consistency token works without it, across API instances and restarts.
 */
export class RecentWrites {
  private readonly receipts = new Map<string, WriteReceipt>();

  constructor(private readonly capacity = 100_000) {}

  remember(correlationId: string, token: string): void {
    const receipt = decodeToken(token);
    if (!receipt) return;
    const known = this.receipts.get(correlationId);
    this.receipts.delete(correlationId);
    const latest = known && comparePositions(known.position, receipt.position) > 0 ? known : receipt;
    const eventTypes = [...new Set([...(known?.eventTypes ?? []), ...receipt.eventTypes])];
    this.receipts.set(correlationId, { ...latest, eventTypes });
    if (this.receipts.size > this.capacity) this.receipts.delete(this.receipts.keys().next().value!);
  }

  receiptOf(correlationId: string): WriteReceipt | undefined {
    return this.receipts.get(correlationId);
  }
}
