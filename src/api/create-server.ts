import { createServer as createHttpServer, type Server } from 'node:http';
import type { Platform } from '../composition/compose.js';
import { statusReport } from '../notifications/status-report.js';
import { WebSocketGateway } from '../notifications/websocket-gateway.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { answerMalformedRequest } from './answer-malformed-request.js';
import { createApp } from './create-app.js';
import { writeWatcher } from './write-watcher.js';
import { WriteReceipts } from './write-receipts.js';

export interface ApiServer {
  readonly server: Server;
  readonly gateway: WebSocketGateway;
}

/** The API's HTTP server with the WebSocket gateway on it; not yet listening. */
export function createServer(platform: Platform): ApiServer {
  const metrics = new ApiMetrics(platform.metrics.registry);
  const server = createHttpServer(createApp(platform, metrics));
  server.on('clientError', answerMalformedRequest);
  const { websocket, http } = platform.config;
  const consistency = {
    waiter: platform.waiter,
    receipts: new WriteReceipts(platform.eventStore),
    timeoutMs: http.streamTimeoutMs,
    retryAfterSeconds: http.retryAfterSeconds,
    meter: metrics,
  };
  const gateway = new WebSocketGateway(server, platform.notifier, {
    ...websocket,
    allowedOrigins: http.allowedOrigins,
    watchWrite: writeWatcher(consistency, platform.projections, http.streamTimeoutMs, platform.log),
    readStatus: () => statusReport(platform.generations, platform.eventStore),
    log: platform.log,
  });
  metrics.countClients('websocket', () => gateway.connections);
  return { server, gateway };
}
