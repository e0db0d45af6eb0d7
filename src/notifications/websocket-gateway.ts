import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { Log } from '../core/log.js';
import type { ChangeNotifier, ProjectionChange } from '../core/ports/change-notifier.js';
import { formatPosition } from '../core/position.js';
import { ClientSubscriptions, type SubscriptionLimits } from './client-subscriptions.js';
import { originAllowed } from './origin-allowed.js';

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
  /** Where a message that could not be handled is told. */
  readonly log: Log;
}

interface Client {
  readonly socket: WebSocket;
  readonly subscriptions: ClientSubscriptions;
  alive: boolean;
}

/**
 * Tells WebSocket clients when projections move. Each committed batch becomes, per
 * conversation it carries, a `ProjectionUpdated` message; OrderView's also become the seed's
 * `OrderViewUpdated`. A client that never subscribes gets every `OrderViewUpdated` (as in the
 * seed's test); one that subscribes gets only what matches (correlation ids, projections,
 * documents). Clients send `{ "type": "subscribe" | "unsubscribe", "correlationIds"?,
 * "projections"?, "documents"?: [{ "projection", "id" }] }`.
 */
export class WebSocketGateway {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly stopListening: () => void;

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
  }

  get connections(): number {
    return this.clients.size;
  }

  close(): void {
    this.stopListening();
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.terminate();
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
    const client: Client = { socket, subscriptions: new ClientSubscriptions(this.options.subscriptionLimits), alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      // Nothing a client sends may end the process: every failure becomes an error reply.
      try {
        this.send(client, isBinary ? { type: 'Error', message: 'messages must be text frames of JSON' } : client.subscriptions.handle(String(data)));
      } catch (error) {
        this.options.log.error({ err: error }, 'a WebSocket message could not be handled');
        this.send(client, { type: 'Error', message: 'the message could not be handled' });
      }
    });
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
    if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
      client.socket.terminate();
      this.clients.delete(client);
      return;
    }
    client.socket.send(JSON.stringify(message));
  }

  private checkAlive(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
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
