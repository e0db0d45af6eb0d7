import type { WriteReceipt } from '../core/consistency/write-receipt.js';
import { formatPosition, parsePosition } from '../core/position.js';

/** The characters of a token (base64url). */
export const TOKEN_ALPHABET = /^[A-Za-z0-9_-]+$/;

/** What a token carries: the store that issued it, and the write. */
export interface TokenContent {
  readonly storeId: string;
  readonly receipt: WriteReceipt;
}

/**
 * A consistency token: an opaque, URL-safe receipt of a write, naming the store that issued
 * it (so that a token from another data directory or cluster is refused at once). Positions
 * stay decimal text, never JS numbers. It is a receipt, not a credential: it grants nothing.
 */
export function encodeToken({ storeId, receipt }: TokenContent): string {
  const body = JSON.stringify({ i: storeId, p: formatPosition(receipt.position), t: [...new Set(receipt.eventTypes)], s: receipt.stream });
  return Buffer.from(body, 'utf8').toString('base64url');
}

/** The content of a token, or undefined when it is not a token this platform issues. */
export function decodeToken(token: string): TokenContent | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096 || !TOKEN_ALPHABET.test(token)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { i, p, t, s } = body as { i?: unknown; p?: unknown; t?: unknown; s?: unknown };
  const position = typeof p === 'string' ? parsePosition(p) : undefined;
  if (typeof i !== 'string' || !position || !Array.isArray(t) || !t.every((type) => typeof type === 'string') || typeof s !== 'string') return undefined;
  return { storeId: i, receipt: { position, eventTypes: t as string[], stream: s } };
}
