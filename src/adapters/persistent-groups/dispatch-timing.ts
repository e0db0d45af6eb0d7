// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

export interface DispatchTiming {
  /** How often this process renews its consumers' liveness (heartbeat or lease) and checks deadlines. */
  readonly heartbeatMs: number;
  /** A consumer whose process has not renewed it for this long is dead. */
  readonly consumerTimeoutMs: number;
}
