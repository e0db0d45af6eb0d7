/** Pulls `count` values from an iterator, failing if they do not arrive within `timeoutMs`. */
export async function take<T>(iterator: AsyncIterator<T>, count: number, timeoutMs = 5_000): Promise<T[]> {
  const values: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (values.length < count) {
    const next = await within(iterator.next(), deadline - Date.now(), `only ${values.length} of ${count} values arrived`);
    if (next.done) throw new Error(`the iterator ended after ${values.length} of ${count} values`);
    values.push(next.value);
  }
  return values;
}

/**
 * Reads an async iterator with timeouts, keeping a next() that timed out for the following
 * call, so that a value arriving late is not lost.
 */
export class Receiver<T> {
  private pending: Promise<IteratorResult<T>> | undefined;
  private readonly iterator: AsyncIterator<T>;

  constructor(iterable: AsyncIterable<T>) {
    this.iterator = iterable[Symbol.asyncIterator]();
  }

  /** The next value, or 'nothing' if none arrives within `ms`. */
  async next(ms: number): Promise<T | 'nothing'> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'nothing'>((resolve) => (timer = setTimeout(() => resolve('nothing'), ms)));
    const first = await Promise.race([this.pending, timeout]).finally(() => clearTimeout(timer));
    if (first === 'nothing') return 'nothing';
    this.pending = undefined;
    if (first.done) throw new Error('the iterator ended');
    return first.value;
  }

  async take(count: number, timeoutMs = 5_000): Promise<T[]> {
    const values: T[] = [];
    const deadline = Date.now() + timeoutMs;
    while (values.length < count) {
      const value = await this.next(Math.max(deadline - Date.now(), 0));
      if (value === 'nothing') throw new Error(`timed out after ${timeoutMs} ms: only ${values.length} of ${count} values arrived`);
      values.push(value);
    }
    return values;
  }
}

export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), Math.max(ms, 0));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
