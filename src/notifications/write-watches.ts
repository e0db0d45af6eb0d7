/**
 * Answers a client's `watch` of a write, given the token its command answered with: the one
 * reply to send once known (`WriteVisible`, `WriteParked`, `WritePending` when the wait ended
 * first, or `Error` for a token this platform did not issue). It never rejects: a failure is a
 * reply too. `signal` aborts when the client leaves, so that the wait ends at once.
 */
export type WriteWatcher = (token: string, signal: AbortSignal) => Promise<object>;

/** Longest token a watch may name (an API token is far shorter; this bounds what a frame makes us decode). */
const MAX_TOKEN_LENGTH = 4_096;
const FIELDS = new Set(['type', 'token']);

/**
 * One connection's watches under way: `{ "type": "watch", "token" }` starts one, answered by
 * exactly one reply, later. At most `limit` run at once (another is refused with an `Error`
 * at once); closing the connection abandons them all.
 */
export class WriteWatches {
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly watcher: WriteWatcher,
    private readonly limit: number,
  ) {}

  /** Starts the watch a message asks for; `reply` is called once, now (a refusal) or when the watch ends. */
  handle(message: Record<string, unknown>, reply: (message: object) => void): void {
    const { token } = message;
    const refusal = refusalOf(message, this.running.size, this.limit);
    // A refusal names the token when there is one, so that a client can tell it from a subscribe's Error.
    if (refusal !== undefined || !isToken(token)) return reply({ type: 'Error', message: refusal, ...(isToken(token) ? { token } : {}) });
    const controller = new AbortController();
    this.running.add(controller);
    void this.watcher(token, controller.signal)
      // The watcher answers its failures itself; this only keeps a broken one from ending the process.
      .catch(() => ({ type: 'Error', token, message: 'the watch could not be answered' }))
      .then((answer) => {
        this.running.delete(controller);
        if (!controller.signal.aborted) reply(answer);
      });
  }

  close(): void {
    for (const controller of this.running) controller.abort();
    this.running.clear();
  }
}

function refusalOf(message: Record<string, unknown>, running: number, limit: number): string | undefined {
  const unknown = Object.keys(message).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown.slice(0, 200))}: a watch has the fields type and token`;
  if (!isToken(message.token)) return `token must be the consistency token a command answered with (1 to ${MAX_TOKEN_LENGTH} characters)`;
  if (running >= limit) return `at most ${limit} watches may run at once on a connection; wait for one to end`;
  return undefined;
}

function isToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH;
}
