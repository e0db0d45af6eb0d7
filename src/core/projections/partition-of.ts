/**
 * The partition a stream's events land in, among `count`: a stable hash (32-bit FNV-1a of the
 * stream name's UTF-8 bytes) modulo the count. Stable across processes, machines and versions:
 * a partition's checkpoint and documents depend on it, so it never changes for a given count.
 */
export function partitionOf(streamId: string, count: number): number {
  if (count <= 1) return 0;
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(streamId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
