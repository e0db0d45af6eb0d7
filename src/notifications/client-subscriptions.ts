/** How many entries of each kind (correlation ids, projections, documents) one connection may hold. */
export interface SubscriptionLimits {
  readonly correlationIds: number;
  readonly projections: number;
  readonly documents: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { correlationIds: 1_000, projections: 100, documents: 1_000 };

const MAX_NAME_LENGTH = 200;

type Kind = keyof SubscriptionLimits;

interface SubscriptionRequest {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly entries: Record<Kind, string[]>;
  /** `true` names the status reports (subscribed to, or left); absent or `false` leaves them as they are. */
  readonly status: boolean;
}

/**
 * What one WebSocket client asked to hear about. Until it subscribes to anything, it hears
 * every `OrderViewUpdated` (the seed's client sends nothing); after, only what it asked for.
 * A message is checked whole before anything changes: a bad one, or one that would take a kind
 * past its limit, gets an `Error` reply and leaves the subscriptions as they were.
 */
export class ClientSubscriptions {
  private readonly entries: Record<Kind, Set<string>> = { correlationIds: new Set(), projections: new Set(), documents: new Set() };
  private subscribed = false;
  private statusWanted = false;

  constructor(private readonly limits: SubscriptionLimits = DEFAULT_SUBSCRIPTION_LIMITS) {}

  matches(projection: string, correlationId: string, documentIds: readonly string[]): boolean {
    if (!this.subscribed) return false;
    return (
      this.entries.correlationIds.has(correlationId) ||
      this.entries.projections.has(projection) ||
      documentIds.some((id) => this.entries.documents.has(documentKey(projection, id)))
    );
  }

  wantsOrderViewUpdated(correlationId: string, orderId: string): boolean {
    return !this.subscribed || this.matches('OrderView', correlationId, [orderId]);
  }

  /** Whether the client subscribed to the periodic status reports (`"status": true`). */
  get wantsStatus(): boolean {
    return this.statusWanted;
  }

  /** Applies a client message (parsed JSON, of any shape); returns the reply to send (an acknowledgement or an error). */
  handle(message: unknown): object {
    const request = parseRequest(message);
    if (typeof request === 'string') return { type: 'Error', message: request };
    if (request.type === 'subscribe') {
      for (const kind of KINDS) {
        const after = new Set([...this.entries[kind], ...request.entries[kind]]).size;
        if (after > this.limits[kind]) {
          return { type: 'Error', message: `at most ${this.limits[kind]} ${kind} per connection; this subscribe would hold ${after}` };
        }
      }
      this.subscribed = true;
    }
    const change = request.type === 'subscribe' ? 'add' : 'delete';
    for (const kind of KINDS) for (const entry of request.entries[kind]) this.entries[kind][change](entry);
    if (request.status) this.statusWanted = request.type === 'subscribe';
    return {
      type: request.type === 'subscribe' ? 'Subscribed' : 'Unsubscribed',
      correlationIds: [...this.entries.correlationIds],
      projections: [...this.entries.projections],
      documents: [...this.entries.documents],
      status: this.statusWanted,
    };
  }
}

const KINDS: readonly Kind[] = ['correlationIds', 'projections', 'documents'];
const FIELDS = new Set(['type', ...KINDS, 'status']);

/** The request a message makes, or why it is not one. Never throws, whatever the message. */
function parseRequest(message: unknown): SubscriptionRequest | string {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return 'a message must be a JSON object: { "type": "subscribe" | "unsubscribe", "correlationIds"?, "projections"?, "documents"?, "status"? } or { "type": "watch", "token" }';
  }
  const fields = message as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown.slice(0, MAX_NAME_LENGTH))}: the fields are type, correlationIds, projections, documents, status`;
  if (fields.type !== 'subscribe' && fields.type !== 'unsubscribe') return 'type must be subscribe, unsubscribe or watch';
  const correlationIds = names(fields.correlationIds);
  const projections = names(fields.projections);
  const documents = documentKeys(fields.documents);
  if (!correlationIds || !projections || !documents) {
    return `correlationIds and projections must be arrays of strings of at most ${MAX_NAME_LENGTH} characters, documents an array of { projection, id }`;
  }
  if (fields.status !== undefined && typeof fields.status !== 'boolean') return 'status must be true or false';
  return { type: fields.type, entries: { correlationIds, projections, documents }, status: fields.status === true };
}

function names(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every(isName) ? (value as string[]) : undefined;
}

function documentKeys(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const keys: string[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const { projection, id } = item as { projection?: unknown; id?: unknown };
    if (!isName(projection) || !isName(id)) return undefined;
    keys.push(documentKey(projection, id));
  }
  return keys;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

function documentKey(projection: string, id: string): string {
  return `${projection}/${id}`;
}
