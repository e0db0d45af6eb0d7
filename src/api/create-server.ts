import { createServer as createHttpServer, type Server } from 'node:http';
import type { Platform } from '../composition/compose.js';
import { WebSocketGateway } from '../notifications/websocket-gateway.js';
import { answerMalformedRequest } from './answer-malformed-request.js';
import { createApp } from './create-app.js';

export interface ApiServer {
  readonly server: Server;
  readonly gateway: WebSocketGateway;
}

/** The API's HTTP server with the WebSocket gateway on it; not yet listening. */
export function createServer(platform: Platform): ApiServer {
  const server = createHttpServer(createApp(platform));
  server.on('clientError', answerMalformedRequest);
  const { websocket, http } = platform.config;
  const gateway = new WebSocketGateway(server, platform.notifier, { ...websocket, allowedOrigins: http.allowedOrigins });
  return { server, gateway };
}
