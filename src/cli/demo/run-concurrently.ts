/**
 * Runs `tasks` with at most `concurrency` of them in flight, calling `settled` after each one
 * that succeeds. On the first failure no further task starts; the ones in flight are awaited
 * and the failure is thrown, so that the caller never leaves work running behind it.
 */
export async function runConcurrently(tasks: readonly (() => Promise<unknown>)[], concurrency: number, settled: () => void): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
        settled();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, lane));
  if (failure) throw failure.error;
}
