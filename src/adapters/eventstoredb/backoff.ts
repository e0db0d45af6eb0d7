export interface BackoffOptions {
  /** The first delay. Default 100 ms. */
  readonly initialMs?: number;
  /** No delay is longer. Default 5 s. */
  readonly maxMs?: number;
  /** Spreads reconnecting workers apart: each delay is scaled by 0.8 to 1.2. Default Math.random. */
  readonly random?: () => number;
}

/** Delays that double after each failure, up to a ceiling, and start over after a success. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 5_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(Math.min(this.maxMs, base * (0.8 + 0.4 * this.random())));
  }

  /** Called after a success: the next failure waits the shortest delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
