import type { Request, Response } from 'express';

/** A Server-Sent Events response: opens the stream, sends events, and knows when the client left. */
export class ServerSentEvents {
  private closed = false;

  constructor(
    req: Request,
    private readonly res: Response,
  ) {
    res.status(200);
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    req.on('close', () => (this.closed = true));
  }

  get clientLeft(): boolean {
    return this.closed;
  }

  /** Sends one event (the default `message` type when `event` is omitted). */
  send(data: unknown, event?: string): void {
    if (this.closed) return;
    this.res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n\n`);
  }

  end(): void {
    if (!this.closed) this.res.end();
    this.closed = true;
  }
}
