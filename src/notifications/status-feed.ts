import type { Log } from '../core/log.js';

export interface StatusFeedOptions {
  /** Reads the report sent to status subscribers (a `Status` message); may reject, a store being away. */
  readonly read: () => Promise<object>;
  /** Time between two reads while anyone listens. */
  readonly intervalMs: number;
  /** Whether any client listens now. */
  readonly listening: () => boolean;
  /** Sends a message to every client listening now. */
  readonly deliver: (message: object) => void;
  readonly log: Log;
}

/**
 * The periodic status reports of the WebSocket's `status` subscribers, throttled: read once
 * per interval however many clients listen, not at all while none does, never two reads at
 * once (a tick that finds the last read still running is skipped). A read that fails is told
 * to the listeners as `StatusUnavailable`, never skipped quietly. A client that subscribes gets
 * the latest report at once if it is fresh (younger than an interval), else the next one.
 */
export class StatusFeed {
  private readonly timer: NodeJS.Timeout;
  private reading = false;
  private latest: { readonly message: object; readonly at: number } | undefined;

  constructor(private readonly options: StatusFeedOptions) {
    this.timer = setInterval(() => void this.tick(), options.intervalMs);
    this.timer.unref();
  }

  /** The latest report, while it is younger than an interval. */
  get fresh(): object | undefined {
    return this.latest && Date.now() - this.latest.at < this.options.intervalMs ? this.latest.message : undefined;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (!this.options.listening()) {
      this.latest = undefined;
      return;
    }
    if (this.reading) return;
    this.reading = true;
    let message: object;
    try {
      message = await this.options.read();
      this.latest = { message, at: Date.now() };
    } catch (error) {
      this.options.log.warn({ err: error }, 'the status for WebSocket clients could not be read');
      message = { type: 'StatusUnavailable', message: `the status could not be read: ${(error as Error).message}` };
      this.latest = undefined;
    } finally {
      this.reading = false;
    }
    this.options.deliver(message);
  }
}
