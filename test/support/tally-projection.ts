import type { JsonObject, RecordedEvent } from '../../src/core/events.js';
import { collection } from '../../src/core/projections/document-operations.js';
import type { FailurePolicy, Projection } from '../../src/core/projections/projection.js';

/** A projection for runtime tests: it records, per stream, the `n` of each Counted event in order. */
export function tallyProjection(options: { name?: string; version?: number; failOn?: Set<number>; policy?: Partial<FailurePolicy>; delayMs?: number } = {}) {
  const failOn = options.failOn ?? new Set<number>();
  const tallies = collection('tallies');
  const projection: Projection = {
    name: options.name ?? 'Tally',
    version: options.version ?? 1,
    target: { kind: 'documents', collections: { tallies: { indexes: [{ fields: ['count'] }] } } },
    failurePolicy: { maxAttempts: 3, backoffMs: 1, onExhausted: 'park', ...options.policy },
    handlers: {
      Counted: async ({ data, streamId }: RecordedEvent<{ n: number }>, context) => {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        if (failOn.has(data.n)) throw new Error(`cannot count ${data.n}`);
        const tally = (await context.get('tallies', streamId)) as (JsonObject & { seen: number[] }) | undefined;
        const seen = [...(tally?.seen ?? []), data.n];
        return tallies.put(streamId, { stream: streamId, count: seen.length, seen, version: options.version ?? 1 });
      },
    },
  };
  return { projection, failOn };
}

export const counted = (n: number) => ({ type: 'Counted', data: { n } });
