import type { Request, Response } from 'express';
import { originAllowed } from './origin-allowed.js';

export interface ServerSentEventsOptions {
  /** More open streams than this are refused (`TooManyConnectionsError`). */
  readonly maxConnections: number;
  /** Browsers' `Origin` values allowed to open a stream; empty allows any. */
  readonly allowedOrigins: readonly string[];
}

/** Refused before the stream opens: the server holds as many streams as it is allowed to. */
export class TooManyConnectionsError extends Error {
  constructor(readonly limit: number) {
    super(`at most ${limit} event streams may be open at once; retry later`);
  }
}

/** Refused before the stream opens: the page's Origin is not on the allowlist. */
export class OriginNotAllowedError extends Error {
  constructor(origin: string) {
    super(`Origin ${JSON.stringify(origin.slice(0, 200))} may not open event streams`);
  }
}

/** Admits Server-Sent Events streams up to a limit, from allowed origins only. */
export class ServerSentEventsGate {
  private open = 0;

  constructor(private readonly options: ServerSentEventsOptions) {}

  get connections(): number {
    return this.open;
  }

  /** Throws, before anything is sent, if this request may not open a stream now. */
  check(req: Request): void {
    const origin = req.get('origin');
    if (!originAllowed(origin, this.options.allowedOrigins)) throw new OriginNotAllowedError(origin!);
    if (this.open >= this.options.maxConnections) throw new TooManyConnectionsError(this.options.maxConnections);
  }

  /** Opens a stream, or throws before anything is sent. */
  admit(req: Request, res: Response): ServerSentEvents {
    this.check(req);
    this.open += 1;
    return new ServerSentEvents(req, res, () => (this.open -= 1));
  }
}

/**
 * A Server-Sent Events response: opens the stream, sends events, and knows when the client
 * left (`signal` aborts then, so a wait for it can end at once).
 */
export class ServerSentEvents {
  private readonly left = new AbortController();
  private ended = false;

  constructor(
    req: Request,
    private readonly res: Response,
    private readonly release: () => void = () => {},
  ) {
    res.status(200);
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.on('close', () => {
      this.left.abort();
      this.end();
    });
    if (req.destroyed) this.left.abort();
  }

  /** Aborts when the client goes away. */
  get signal(): AbortSignal {
    return this.left.signal;
  }

  /** Sends one event (the default `message` type when `event` is omitted). */
  send(data: unknown, event?: string): void {
    if (this.ended || this.left.signal.aborted) return;
    this.res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n\n`);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
    if (!this.res.writableEnded) this.res.end();
  }
}
