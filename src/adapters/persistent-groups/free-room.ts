// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

/** How many more events each consumer may hold: its buffer size less what it has in flight. */
export function freeRoom(consumers: readonly { readonly consumer_id: string; readonly buffer_size: number }[], inFlight: ReadonlyMap<string, number>): number[] {
  return consumers.map((c) => c.buffer_size - (inFlight.get(c.consumer_id) ?? 0));
}
