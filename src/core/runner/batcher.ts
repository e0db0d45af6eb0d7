/**
 * Takes items from an async iterator in batches: waits for the first, then takes what else
 * arrives within `waitMs` (with 0, only what is already there), up to `max`. A `next()` still
 * pending when a batch closes is kept for the following batch, so no item is lost.
 */
export class Batcher<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private done = false;

  constructor(private readonly iterator: AsyncIterator<T>) {}

  get ended(): boolean {
    return this.done;
  }

  /** The next batch; empty when the iterator ended or `interrupted` settled first. */
  async next(max: number, waitMs: number, interrupted: Promise<void>): Promise<T[]> {
    const batch: T[] = [];
    const first = await Promise.race([this.pull(), interrupted.then(() => 'interrupted' as const)]);
    if (first === 'interrupted' || !this.take(first, batch)) return batch;
    const deadline = performance.now() + waitMs;
    while (batch.length < max) {
      const remaining = deadline - performance.now();
      const more = await Promise.race([this.pull(), remaining > 0 ? delay(remaining) : immediate()]);
      if (more === 'timeout' || !this.take(more, batch)) break;
    }
    return batch;
  }

  private pull(): Promise<IteratorResult<T>> {
    this.pending ??= this.iterator.next();
    return this.pending;
  }

  private take(result: IteratorResult<T>, batch: T[]): boolean {
    this.pending = undefined;
    if (result.done) {
      this.done = true;
      return false;
    }
    batch.push(result.value);
    return true;
  }
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

function immediate(): Promise<'timeout'> {
  return new Promise((resolve) => setImmediate(() => resolve('timeout')));
}
