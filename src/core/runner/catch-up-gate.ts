/**
 * Lets one catching-up batch at a time through, across the runners of a process. Reading,
 * handling and committing on SQLite all run on this one thread, so interleaving the runners
 * gains nothing, while holding every runner's batch in memory at once costs a batch per runner.
 * A batch whose commit is a round trip to a server leaves the gate once handled (`leave`), so
 * that its commit overlaps the next runner's reading and handling. The next batch goes in
 * when the one before leaves, or settles.
 */
export class CatchUpGate {
  private tail: Promise<void> = Promise.resolve();

  run<T>(batch: (leave: () => void) => Promise<T>): Promise<T> {
    let leave!: () => void;
    const left = new Promise<void>((resolve) => {
      leave = resolve;
    });
    const result = this.tail.then(() => batch(leave));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = Promise.race([left, settled]);
    return result;
  }
}
