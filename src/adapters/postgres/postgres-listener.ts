import pg from 'pg';
import { quoteIdentifier } from './postgres-pool.js';

const MAX_RETRY_MS = 2_000;
/** The payload of a persistent subscription group's NOTIFY: `g:<group>`. Appends notify with an empty one. */
export const GROUP_PREFIX = 'g:';

/**
 * Tells waiters that events may have been appended, without polling while it listens: one
 * dedicated connection LISTENs on the store's channel, which every append batch NOTIFYs on
 * commit; appends made through this process say so directly (`changed()`).
 *
 * When that connection is lost, it reconnects with backoff (50 ms doubling to 2 s) and, until
 * it listens again, wakes waiters at every attempt, so that they poll. After it listens again it
 * wakes them once more: whatever was appended in the gap is read then. Readers track their
 * own position and read from the table, so a wake-up too many costs a query, never a
 * duplicate, and one too few is made good by the next.
 */
export class PostgresListener {
  private version = 0;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private readonly groupListeners = new Set<(group: string) => void>();
  private client: pg.Client | undefined;
  private retryMs = 0;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** How many times the connection was lost: for tests and status. */
  reconnects = 0;

  constructor(
    private readonly config: pg.ClientConfig,
    readonly channel: string,
  ) {}

  /** Connects and listens; rejects when the first connection fails (the store cannot start). */
  async start(): Promise<void> {
    await this.connect();
  }

  get current(): number {
    return this.version;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** The backend pid of the listening connection (tests end it to prove the reconnect). */
  async backendPid(): Promise<number | undefined> {
    const { rows } = (await this.client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) ?? { rows: [] };
    return rows[0]?.pid;
  }

  /** An append committed through this process. */
  changed(): void {
    this.bump();
  }

  /** Resolves on the first change after `seen`, or after `maxWaitMs` whatever happened. */
  changedSince(seen: number, maxWaitMs: number): Promise<void> {
    if (this.version !== seen || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with the group's name when another process's round gave work to consumers elsewhere. */
  onGroupChange(listener: (group: string) => void): () => void {
    this.groupListeners.add(listener);
    return () => this.groupListeners.delete(listener);
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.listeners.clear();
    this.groupListeners.clear();
    this.wakeAll();
    await client?.end().catch(() => undefined);
  }

  private groupChanged(group: string): void {
    for (const listener of [...this.groupListeners]) listener(group);
  }

  private bump(): void {
    this.version += 1;
    this.wakeAll();
    for (const listener of [...this.listeners]) listener();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (notification) => {
      const payload = notification.payload ?? '';
      if (payload.startsWith(GROUP_PREFIX)) this.groupChanged(payload.slice(GROUP_PREFIX.length));
      else this.bump();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.retryMs = 0;
    this.bump();
  }

  private lost(client: pg.Client): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    this.reconnects += 1;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    this.retryMs = Math.min(MAX_RETRY_MS, Math.max(50, this.retryMs * 2));
    this.retry = setTimeout(() => {
      if (this.closed) return;
      this.bump();
      this.connect().catch(() => this.reconnectLater());
    }, this.retryMs);
  }
}
