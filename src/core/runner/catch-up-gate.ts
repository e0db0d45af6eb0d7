/**
 * Lets one catching-up batch at a time through, across the runners of a process. Reading,
 * applying and committing a batch all run on this one thread, so interleaving the runners
 * gains nothing, while holding every runner's batch in memory at once costs a batch per
 * runner: with the gate, a first start or a rebuild of many projections needs one.
 */
export class CatchUpGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(batch: () => Promise<T>): Promise<T> {
    const result = this.tail.then(batch);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
