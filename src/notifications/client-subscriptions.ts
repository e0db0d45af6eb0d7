const MAX_ENTRIES = 1_000;

interface SubscriptionMessage {
  readonly type?: unknown;
  readonly correlationIds?: unknown;
  readonly projections?: unknown;
  readonly documents?: unknown;
}

/**
 * What one WebSocket client asked to hear about. Until it subscribes to anything, it hears
 * every `OrderViewUpdated` (the seed's client sends nothing); after, only what it asked for.
 */
export class ClientSubscriptions {
  private readonly correlationIds = new Set<string>();
  private readonly projections = new Set<string>();
  private readonly documents = new Set<string>();
  private subscribed = false;

  matches(projection: string, correlationId: string, documentIds: readonly string[]): boolean {
    if (!this.subscribed) return false;
    return (
      this.correlationIds.has(correlationId) ||
      this.projections.has(projection) ||
      documentIds.some((id) => this.documents.has(`${projection}/${id}`))
    );
  }

  wantsOrderViewUpdated(correlationId: string, orderId: string): boolean {
    return !this.subscribed || this.matches('OrderView', correlationId, [orderId]);
  }

  /** Applies a client message; returns the reply to send (an acknowledgement or an error). */
  handle(text: string): object {
    let message: SubscriptionMessage;
    try {
      message = JSON.parse(text) as SubscriptionMessage;
    } catch {
      return { type: 'Error', message: 'messages must be JSON' };
    }
    if (message.type !== 'subscribe' && message.type !== 'unsubscribe') {
      return { type: 'Error', message: 'type must be subscribe or unsubscribe' };
    }
    const correlationIds = strings(message.correlationIds);
    const projections = strings(message.projections);
    const documents = documentKeys(message.documents);
    if (!correlationIds || !projections || !documents) {
      return { type: 'Error', message: 'correlationIds and projections must be arrays of strings, documents an array of { projection, id }' };
    }
    const change = message.type === 'subscribe' ? 'add' : 'delete';
    for (const id of correlationIds) this.correlationIds[change](id);
    for (const name of projections) this.projections[change](name);
    for (const key of documents) this.documents[change](key);
    if (this.correlationIds.size + this.projections.size + this.documents.size > MAX_ENTRIES) {
      for (const id of correlationIds) this.correlationIds.delete(id);
      return { type: 'Error', message: `at most ${MAX_ENTRIES} subscriptions per connection` };
    }
    if (message.type === 'subscribe') this.subscribed = true;
    return {
      type: message.type === 'subscribe' ? 'Subscribed' : 'Unsubscribed',
      correlationIds: [...this.correlationIds],
      projections: [...this.projections],
      documents: [...this.documents],
    };
  }
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= 200) ? (value as string[]) : undefined;
}

function documentKeys(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const keys: string[] = [];
  for (const item of value) {
    const { projection, id } = (item ?? {}) as { projection?: unknown; id?: unknown };
    if (typeof projection !== 'string' || typeof id !== 'string') return undefined;
    keys.push(`${projection}/${id}`);
  }
  return keys;
}
