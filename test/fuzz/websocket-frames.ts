import fc from 'fast-check';
import { deeplyNested, hostileString, hostileValue, invalidUtf8 } from './hostile-values.js';

/** The server's largest accepted message (WebSocketGateway's maxPayload). */
export const MAX_PAYLOAD = 64 * 1024;

/** One frame a client sends; `kind` names it in the tally. */
export interface Frame {
  readonly kind: string;
  readonly data: string | Buffer;
  readonly binary: boolean;
}

const frame = (kind: string, binary = false) => (data: string | Buffer): Frame => ({ kind, data, binary });

const names = (maxLength: number) => fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('OrderView', 'ProductView')), { maxLength });
const subscription = fc.record(
  {
    type: fc.constantFrom('subscribe', 'unsubscribe'),
    correlationIds: names(20),
    projections: names(20),
    documents: fc.array(fc.record({ projection: fc.constantFrom('OrderView', 'ArticleDetailView'), id: fc.string({ minLength: 1, maxLength: 40 }) }), { maxLength: 20 }),
  },
  { requiredKeys: ['type'] },
);

/** A subscribe near or past a cap (100 projections; 1,000 correlation ids or documents). */
const crowded = fc
  .tuple(fc.constantFrom('correlationIds', 'projections', 'documents'), fc.integer({ min: 90, max: 1_100 }), fc.nat())
  .map(([kind, count, salt]) => ({
    type: 'subscribe',
    [kind]: Array.from({ length: count }, (_, i) => (kind === 'documents' ? { projection: 'OrderView', id: `d${salt}-${i}` } : `n${salt}-${i}`)),
  }));

const withWrongField = fc
  .tuple(subscription, fc.constantFrom('type', 'correlationIds', 'projections', 'documents', '__proto__', 'constructor', '$where'), hostileValue)
  .map(([message, key, value]) => `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(message).slice(1)}`);

/**
 * Frames of every kind: subscriptions (valid, crowded, with a wrong field), JSON of any shape,
 * any text, deep nesting, text over the payload limit, random and invalid-UTF-8 binary, and a
 * text frame whose bytes are not UTF-8 (which the protocol lets the server close on).
 */
export const frames: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: subscription.map((m) => JSON.stringify(m)).map(frame('subscription')), weight: 5 },
  { arbitrary: crowded.map((m) => JSON.stringify(m)).map(frame('crowded subscription')), weight: 1 },
  { arbitrary: withWrongField.map(frame('subscription with a wrong field')), weight: 3 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null').map(frame('any JSON')), weight: 3 },
  { arbitrary: hostileString.filter((text) => Buffer.byteLength(text) <= MAX_PAYLOAD).map(frame('any text')), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([depth, kind]) => deeplyNested(kind === 'object' ? Math.floor(depth / 3) : depth, kind)).map(frame('deep nesting')), weight: 1 },
  { arbitrary: fc.integer({ min: MAX_PAYLOAD + 1, max: 4 * MAX_PAYLOAD }).map((n) => `"${'x'.repeat(n)}"`).map(frame('over the payload limit')), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 1_000 }).map((bytes) => Buffer.from(bytes)).map(frame('random binary', true)), weight: 1 },
  { arbitrary: invalidUtf8.map(frame('invalid UTF-8 as binary', true)), weight: 1 },
  { arbitrary: invalidUtf8.map((bytes) => Buffer.concat([Buffer.from('{"type":"'), bytes, Buffer.from('"}')])).map(frame('invalid UTF-8 as text')), weight: 1 },
);

/** Whether the protocol lets the server close the connection on this frame instead of answering it. */
export function mayClose(sent: Frame): boolean {
  const bytes = typeof sent.data === 'string' ? Buffer.byteLength(sent.data) : sent.data.length;
  if (bytes > MAX_PAYLOAD) return true;
  return !sent.binary && typeof sent.data !== 'string' && Buffer.from(sent.data.toString('utf8'), 'utf8').compare(sent.data) !== 0;
}
