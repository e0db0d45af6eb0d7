// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

/** FNV-1a of the stream name: the same stream always lands on the same pinned consumer, in every process. */
export function streamPin(stream: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < stream.length; i += 1) {
    hash ^= stream.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
