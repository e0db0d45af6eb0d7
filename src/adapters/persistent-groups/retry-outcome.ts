// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

export type RetryOutcome = { readonly action: 'retry'; readonly retryCount: number } | { readonly action: 'park'; readonly reason: string };

/** What a failed or expired delivery leads to: another delivery one retry further on, or parking once past the group's retry limit. */
export function retryOutcome(maxRetryCount: number, retryCount: number, reason: string): RetryOutcome {
  const retries = retryCount + 1;
  return retries > maxRetryCount ? { action: 'park', reason: `${reason}; retried ${retryCount} times` } : { action: 'retry', retryCount: retries };
}
