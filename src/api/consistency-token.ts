import { formatPosition, parsePosition, type Position } from '../position.js';

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

/** Encodes a receipt as an opaque, URL-safe token. Positions stay decimal text, never JS numbers. */
export function encodeToken(receipt: WriteReceipt): string {
  const body = JSON.stringify({ p: formatPosition(receipt.position), t: [...new Set(receipt.eventTypes)], s: receipt.stream });
  return Buffer.from(body, 'utf8').toString('base64url');
}

/** The receipt a token carries, or undefined when it is not a token this platform issued. */
export function decodeToken(token: string): WriteReceipt | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { p, t, s } = body as { p?: unknown; t?: unknown; s?: unknown };
  const position = typeof p === 'string' ? parsePosition(p) : undefined;
  if (!position || !Array.isArray(t) || !t.every((type) => typeof type === 'string') || typeof s !== 'string') return undefined;
  return { position, eventTypes: t as string[], stream: s };
}
