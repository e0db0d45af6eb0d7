import type { WriteReceipt } from '../core/consistency/write-receipt.js';
import { isSystemEventType } from '../core/events.js';
import type { EventStore } from '../core/ports/event-store.js';
import { comparePositions, formatPosition, type Position } from '../core/position.js';
import { decodeToken, encodeToken } from './consistency-token.js';
import { badRequest } from './problem-details.js';

/** How many of a conversation's newest events `?correlation=` looks at. */
const CONVERSATION_EVENTS = 1_000;

/**
 * Receipts of writes, as the API hands them out and takes them back: a token for each write,
 * checked on the way back against the store that issued it and against its head (a token of
 * another store, or of a position this store has not reached, is refused at once, never waited
 * for); and the latest write of a conversation, found in the store by its correlation id, so
 * `?correlation=` works after a restart and on any API process.
 */
export class WriteReceipts {
  private storeIdValue: Promise<string> | undefined;
  private knownHead: Position | undefined;

  constructor(private readonly store: Pick<EventStore, 'storeId' | 'headPosition' | 'readCorrelated'>) {}

  async tokenOf(receipt: WriteReceipt): Promise<string> {
    return encodeToken({ storeId: await this.storeId(), receipt });
  }

  async fromToken(token: string): Promise<WriteReceipt> {
    const content = decodeToken(token);
    if (!content) throw badRequest('the consistency token is not one this API issues', { field: 'consistentWith' });
    const storeId = await this.storeId();
    if (content.storeId !== storeId) {
      throw badRequest(`the consistency token was issued by another event store (${content.storeId}), not this one (${storeId})`, { field: 'consistentWith' });
    }
    await this.requireWritten(content.receipt.position);
    return content.receipt;
  }

  async fromCorrelation(correlationId: string): Promise<WriteReceipt> {
    const events = (await this.store.readCorrelated(correlationId, { maxCount: CONVERSATION_EVENTS })).filter((event) => !isSystemEventType(event.type));
    const latest = events[0];
    if (!latest) throw badRequest(`no write of correlation ${correlationId} is known to this event store`, { field: 'correlation' });
    return { position: latest.position, eventTypes: [...new Set(events.map((event) => event.type))], stream: latest.streamId };
  }

  private async requireWritten(position: Position): Promise<void> {
    if (this.knownHead && comparePositions(position, this.knownHead) <= 0) return;
    this.knownHead = await this.store.headPosition();
    if (!this.knownHead || comparePositions(position, this.knownHead) > 0) {
      throw badRequest(`the consistency token names position ${formatPosition(position)}, beyond the last write of this event store`, { field: 'consistentWith' });
    }
  }

  private storeId(): Promise<string> {
    this.storeIdValue ??= this.store.storeId().catch((error: unknown) => {
      this.storeIdValue = undefined;
      throw error;
    });
    return this.storeIdValue;
  }
}
