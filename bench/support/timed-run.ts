export interface RunResult {
  readonly operations: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly firstFailure?: string;
}

/**
 * Runs `operation` from `concurrency` clients for `durationMs`, each client starting its next
 * operation as soon as the last finished. Failures are counted, not hidden.
 */
export async function runFor(durationMs: number, concurrency: number, operation: (client: number, n: number) => Promise<unknown>): Promise<RunResult> {
  let operations = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        try {
          await operation(client, n);
          operations += 1;
        } catch (error) {
          failures += 1;
          firstFailure ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { operations, failures, seconds, perSecond: operations / seconds, ...(firstFailure ? { firstFailure } : {}) };
}
