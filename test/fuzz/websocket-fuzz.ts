import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import WebSocket from 'ws';
import { FuzzFailure } from './fuzz-failure.js';
import { FuzzTally } from './fuzz-tally.js';
import { frames, mayClose, type Frame } from './websocket-frames.js';

export interface WebSocketFuzzTarget {
  readonly wsUrl: string;
  readonly baseUrl: string;
}

export interface WebSocketFuzzOptions {
  readonly seed: number;
  readonly runs: number;
  readonly timeoutMs: number;
  readonly path?: string;
  readonly onInput?: (description: string) => void;
}

// Replies to what a client sent; everything else (ProjectionUpdated, OrderViewUpdated) is news.
const REPLIES = new Set(['Subscribed', 'Unsubscribed', 'Error']);

/**
 * Sends each run's frames (one to six) on a new connection, one at a time, and checks: each
 * frame gets exactly one reply and the connection stays open, unless the protocol lets the
 * server close it (a frame over the payload limit, a text frame that is not UTF-8); then a
 * new connection is still served and `/health` still answers.
 */
export async function fuzzWebSocket(target: WebSocketFuzzTarget, options: WebSocketFuzzOptions): Promise<FuzzTally> {
  const tally = new FuzzTally();
  const property = fc.asyncProperty(fc.array(frames, { minLength: 1, maxLength: 6 }), async (sent) => {
    options.onInput?.(describeFrames(sent));
    const closedOn = await exchange(target.wsUrl, sent, options.timeoutMs, tally);
    if (closedOn !== undefined) await exchange(target.wsUrl, [], options.timeoutMs, tally);
    const health = await fetch(`${target.baseUrl}/health`, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (health.status !== 200) throw new Error(`/health answers ${health.status}`);
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, endOnFailure: true, ...(options.path ? { path: options.path } : {}) });
  if (details.failed) {
    const [sent] = details.counterexample ?? [];
    throw new FuzzFailure('WebSocket', details.seed, details.counterexamplePath, sent ? describeFrames(sent) : '(none)', details.errorInstance, tally);
  }
  return tally;
}

/**
 * Sends the frames on a new connection and checks each reply; returns the index of the frame
 * the server closed on, if it was allowed to. Ends with a sentinel whose reply names it, which
 * proves no frame got a second reply.
 */
async function exchange(wsUrl: string, sent: readonly Frame[], timeoutMs: number, tally: FuzzTally): Promise<number | undefined> {
  const socket = new WebSocket(wsUrl);
  const inbox = new Inbox(socket);
  try {
    await inbox.opened(timeoutMs);
    let replies = 0;
    for (const [index, next] of sent.entries()) {
      socket.send(next.data, { binary: next.binary });
      const reply = await inbox.next(timeoutMs);
      if (reply === 'closed') {
        tally.record(next.kind, 'limit', inbox.closeCode);
        if (mayClose(next)) return index;
        throw new Error(`the server closed the connection (${inbox.closeCode}) on frame ${index + 1}, which it should have answered`);
      }
      if (reply === 'timeout') throw new Error(`no reply to frame ${index + 1} within ${timeoutMs} ms`);
      tally.record(next.kind, reply.type === 'Error' ? '4xx' : '2xx');
      replies += 1;
    }
    const sentinel = `sentinel-${randomUUID()}`;
    socket.send(JSON.stringify({ [sentinel]: true }));
    for (;;) {
      const reply = await inbox.next(timeoutMs);
      if (reply === 'closed' || reply === 'timeout') throw new Error(`the connection ${reply === 'closed' ? 'closed' : 'fell silent'} instead of answering a plain message`);
      replies += 1;
      if (String(reply.message ?? '').includes(sentinel)) break;
    }
    if (replies !== sent.length + 1) throw new Error(`${sent.length} frames and a sentinel got ${replies} replies: some frame got more than one`);
    return undefined;
  } finally {
    socket.terminate();
  }
}

/** A connection's replies, in order, each awaited with a timeout. */
class Inbox {
  private readonly queue: Record<string, unknown>[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private broken: Error | undefined;
  closeCode: number | undefined;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      try {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        if (isBinary || typeof message !== 'object' || message === null) throw new Error('not a JSON object in a text frame');
        if (REPLIES.has(String(message.type))) this.queue.push(message);
      } catch (error) {
        this.broken = new Error(`the server sent a message that is not a JSON object: ${String(data).slice(0, 200)} (${(error as Error).message})`);
      }
      this.wake?.();
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  async opened(timeoutMs: number): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a new connection did not open within ${timeoutMs} ms`)), timeoutMs);
      this.socket.once('open', () => (clearTimeout(timer), resolve()));
      this.socket.once('unexpected-response', (_req, res) => (clearTimeout(timer), reject(new Error(`a new connection was refused with ${res.statusCode}`))));
      this.socket.once('close', () => (clearTimeout(timer), reject(new Error('a new connection closed before it opened'))));
    });
  }

  async next(timeoutMs: number): Promise<Record<string, unknown> | 'closed' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.broken) throw this.broken;
      const message = this.queue.shift();
      if (message) return message;
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
  }
}

function describeFrames(sent: readonly Frame[]): string {
  return sent
    .map((one, index) => {
      const bytes = typeof one.data === 'string' ? Buffer.from(one.data) : one.data;
      const shown = typeof one.data === 'string' ? JSON.stringify(one.data.slice(0, 500)) : `base64 ${bytes.subarray(0, 400).toString('base64')}`;
      return `frame ${index + 1} (${one.kind}, ${one.binary ? 'binary' : 'text'}, ${bytes.length} bytes): ${shown}${bytes.length > 500 ? '…' : ''}`;
    })
    .join('\n');
}
