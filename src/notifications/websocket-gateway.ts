import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Log } from '../core/log.js';
import type { ChangeNotifier, ProjectionChange } from '../core/ports/change-notifier.js';
import { formatPosition } from '../core/position.js';
import { ClientSubscriptions, type SubscriptionLimits } from './client-subscriptions.js';
import { originAllowed } from './origin-allowed.js';
import { StatusFeed } from './status-feed.js';
import { WriteWatches, type WriteWatcher } from './write-watches.js';

export interface WebSocketOptions {
  readonly path: string;
  /** A client that does not answer a ping within this long is dropped. */
  readonly heartbeatMs: number;
  /** A client whose unsent messages pass this size is too slow: it is dropped, the others go on. */
  readonly maxBufferedBytes: number;
  /** More connections than this are refused with 503 at the upgrade. */
  readonly maxConnections: number;
  /** Browsers' `Origin` values allowed to connect; empty allows any. */
  readonly allowedOrigins: readonly string[];
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Answers `watch` messages: whether the write of a token is visible (see WriteWatcher). */
  readonly watchWrite: WriteWatcher;
  /** Most watches one connection may run at once (100 when absent). */
  readonly maxWatches?: number;
  /** Reads the `Status` report sent to the clients subscribed to status. */
  readonly readStatus: () => Promise<object>;
  /** Time between two status reports (1 s when absent): the status is read once per interval, for all its subscribers. */
  readonly statusIntervalMs?: number;
  /** Where a message that could not be handled is told. */
  readonly log: Log;
}

interface Client {
  readonly socket: WebSocket;
  readonly subscriptions: ClientSubscriptions;
  readonly watches: WriteWatches;
  alive: boolean;
}

/**
 * Tells WebSocket clients when projections move. Each committed batch becomes, per
 * conversation it carries, a `ProjectionUpdated` message; OrderView's also become the seed's
 * `OrderViewUpdated`. A client that never subscribes gets every `OrderViewUpdated` (as in the
 * seed's test); one that subscribes gets only what matches (correlation ids, projections,
 * documents). Clients send JSON text frames, each answered by exactly one reply:
 * - `{ "type": "subscribe" | "unsubscribe", "correlationIds"?, "projections"?, "documents"?:
 *   [{ "projection", "id" }], "status"?: true }`, answered at once by `Subscribed` or
 *   `Unsubscribed` (what the client now holds) or `Error`. `"status": true` subscribes to (or
 *   leaves) the status reports: a `Status` message (see StatusReport: every projection's
 *   generations with checkpoint, lag, parked count, rebuild progress; the workers; the head)
 *   once per status interval, read once for all subscribers and only while there are some, or
 *   `StatusUnavailable { message }` when the stores could not be read.
 * - `{ "type": "watch", "token" }`, the token a command answered with: answered once the
 *   write is settled by `WriteVisible { token, position, projections }` (visible in every
 *   projection that handles one of its events, named), `WriteParked { token, position,
 *   projection, event }`, or `WritePending { token, position, waitingFor }` when the stream
 *   timeout passes first (watch again to go on waiting); `Error { message, token }` for a
 *   token this store did not issue, or past `maxWatches` running at once on the connection
 *   (`Error { message }` for a watch without a token).
 */
export class WebSocketGateway {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopListening: () => void;
  private readonly status: StatusFeed;

  constructor(
    http: Server,
    notifier: ChangeNotifier,
    private readonly options: WebSocketOptions,
  ) {
    http.on('upgrade', this.upgrade);
    this.server.on('connection', (socket: WebSocket) => this.connected(socket));
    this.stopListening = notifier.subscribe((change) => this.broadcast(change));
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs);
    this.heartbeat.unref();
    this.status = new StatusFeed({
      read: options.readStatus,
      intervalMs: options.statusIntervalMs ?? 1_000,
      listening: () => [...this.clients].some((client) => client.subscriptions.wantsStatus),
      deliver: (message) => {
        for (const client of this.clients) if (client.subscriptions.wantsStatus) this.send(client, message);
      },
      log: options.log,
    });
  }

  get connections(): number {
    return this.clients.size;
  }

  close(): void {
    this.stopListening();
    clearInterval(this.heartbeat);
    this.status.close();
    for (const client of this.clients) this.drop(client);
    this.server.close();
  }

  private upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req.url) !== this.options.path) {
      socket.destroy();
      return;
    }
    if (!originAllowed(req.headers.origin, this.options.allowedOrigins)) return refuse(socket, 403, 'Forbidden', 'this Origin may not connect');
    if (this.clients.size >= this.options.maxConnections) {
      return refuse(socket, 503, 'Service Unavailable', `at most ${this.options.maxConnections} WebSocket connections`);
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.server.emit('connection', ws, req));
  };

  private connected(socket: WebSocket): void {
    const client: Client = {
      socket,
      subscriptions: new ClientSubscriptions(this.options.subscriptionLimits),
      watches: new WriteWatches(this.options.watchWrite, this.options.maxWatches ?? 100),
      alive: true,
    };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.drop(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      // Nothing a client sends may end the process: every failure becomes an error reply.
      try {
        if (isBinary) return this.send(client, { type: 'Error', message: 'messages must be text frames of JSON' });
        this.received(client, String(data));
      } catch (error) {
        this.options.log.error({ err: error }, 'a WebSocket message could not be handled');
        this.send(client, { type: 'Error', message: 'the message could not be handled' });
      }
    });
  }

  private received(client: Client, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.send(client, { type: 'Error', message: 'messages must be JSON' });
    }
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'watch') {
      return client.watches.handle(message as Record<string, unknown>, (reply) => this.send(client, reply));
    }
    const wanted = client.subscriptions.wantsStatus;
    this.send(client, client.subscriptions.handle(message));
    const report = !wanted && client.subscriptions.wantsStatus ? this.status.fresh : undefined;
    if (report) this.send(client, report);
  }

  private broadcast(change: ProjectionChange): void {
    if (this.clients.size === 0) return;
    for (const { correlationId, documentIds } of change.correlations) {
      const updated = { type: 'ProjectionUpdated', projection: change.projection, position: formatPosition(change.position), correlationId, documentIds };
      const orderUpdates = change.projection === 'OrderView' ? documentIds.map((orderId) => ({ type: 'OrderViewUpdated', correlationId, orderId })) : [];
      for (const client of this.clients) {
        const { subscriptions } = client;
        if (subscriptions.matches(change.projection, correlationId, documentIds)) this.send(client, updated);
        for (const message of orderUpdates) if (subscriptions.wantsOrderViewUpdated(correlationId, message.orderId)) this.send(client, message);
      }
    }
  }

  private send(client: Client, message: object): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    if (client.socket.bufferedAmount > this.options.maxBufferedBytes) return this.drop(client);
    client.socket.send(JSON.stringify(message));
  }

  /** Ends a client's connection and its watches; it is gone from the count at once. */
  private drop(client: Client): void {
    client.socket.terminate();
    client.watches.close();
    this.clients.delete(client);
  }

  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.drop(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** Answers a refused upgrade with a plain HTTP response, then closes the socket. */
function refuse(socket: Duplex, status: number, reason: string, detail: string): void {
  const body = JSON.stringify({ status, title: reason, detail });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
