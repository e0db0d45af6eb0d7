import { createHash } from 'node:crypto';

/** Projectionist's namespace for name-based event ids (itself a v5 uuid of the URL namespace). */
export const PROJECTIONIST_NAMESPACE = '3f0d6a8e-2b7c-5c1e-9a4f-6d2b8e1c7a50';

/**
 * A name-based (version 5, SHA-1) uuid, RFC 9562 §5.5: the same namespace and name always give
 * the same id. Event ids derived from an idempotency key this way make a retried append carry
 * the ids of the first, so that the retry can find the first attempt's events in its stream
 * (`find-earlier-append.ts`); EventStoreDB's own duplicate check only catches a repeat made at
 * the same expected revision, not one made at the stream's new end.
 */
export function nameBasedUuid(name: string, namespace: string = PROJECTIONIST_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) throw new TypeError(`not a uuid: ${namespace}`);
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the `index`th event of the append made under an idempotency key for one request. */
export function idempotentEventId(key: string, fingerprint: string, index: number): string {
  return nameBasedUuid(`${key}\u0000${fingerprint}\u0000${index}`);
}
