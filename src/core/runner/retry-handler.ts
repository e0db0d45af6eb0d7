import type { RecordedEvent } from '../events.js';
import type { DocumentOperation } from '../projections/document-operations.js';
import type { FailurePolicy, Handler, HandlerContext, HandlerResult } from '../projections/projection.js';

export type HandlerOutcome =
  | { readonly ok: true; readonly operations: readonly DocumentOperation[] }
  | { readonly ok: false; readonly error: Error; readonly attempts: number };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a handler, retrying with exponential backoff per the policy. A handler's operations
 * take effect only when it returns, so a failed attempt leaves nothing behind.
 */
export async function runHandler(
  handler: Handler<never>,
  event: RecordedEvent,
  context: HandlerContext,
  policy: FailurePolicy,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<HandlerOutcome> {
  // Made only when an attempt fails: an Error captures a stack trace, which costs more than most handlers.
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    try {
      const result: HandlerResult = await handler(event as RecordedEvent<never>, context);
      return { ok: true, operations: result === undefined ? [] : Array.isArray(result) ? result : [result as DocumentOperation] };
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (attempt < policy.maxAttempts) await wait(policy.backoffMs * 2 ** (attempt - 1));
    }
  }
  return { ok: false, error: lastError ?? new Error('no attempt made'), attempts: policy.maxAttempts };
}
