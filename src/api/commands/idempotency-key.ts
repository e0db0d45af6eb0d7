import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { badRequest } from '../problem-details.js';

/** A well-formed key (the OpenAPI document states it as the header's pattern). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key` (IETF draft: a string, usually a UUID; sent bare or as a
 * quoted structured-field string), or undefined when it has none.
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  if (!IDEMPOTENCY_KEY.test(key)) throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', { field: 'Idempotency-Key' });
  return key;
}

/**
 * What makes two requests the same: method, route, path and body (keys in any order). The
 * same key sent with a different one is a client's mistake, not a retry.
 */
export function fingerprintOf(req: Request, body: unknown): string {
  return createHash('sha256').update(`${req.method} ${req.baseUrl}${req.path}\n`).update(canonicalJson(body)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
