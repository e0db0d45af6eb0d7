// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

/**
 * Runs a group's dispatch rounds one at a time, soon after they are asked for: a request
 * during a round asks for one more after it, so requests never queue up and none is lost.
 */
export class RoundScheduler {
  private running = false;
  private again = false;

  /**
   * @param round runs one round
   * @param idle true when no round is needed (no local consumer is left)
   * @param failed hears of a round that threw; the rounds asked for so far end there
   */
  constructor(
    private readonly round: () => Promise<void>,
    private readonly idle: () => boolean,
    private readonly failed: (error: unknown) => void,
  ) {}

  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.rounds());
  }

  private async rounds(): Promise<void> {
    try {
      do {
        this.again = false;
        if (this.idle()) break;
        await this.round();
      } while (this.again);
    } catch (error) {
      this.failed(error);
    } finally {
      this.running = false;
    }
  }
}
