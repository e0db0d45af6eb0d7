import express, { type Express } from 'express';
import type { Platform } from '../composition/compose.js';
import type { ConsistencyDependencies } from './consistent-read.js';
import { correlation } from './correlation.js';
import { problemHandler, sendProblem } from './problem-details.js';
import { WriteReceipts } from './write-receipts.js';
import { commandRouter } from './commands/command-router.js';
import { COMMAND_ROUTES } from './commands/command-table.js';
import { IdempotentRequests } from './commands/idempotent-requests.js';
import { blogRoutes } from './routes/blog-routes.js';
import { catalogueRoutes } from './routes/catalogue-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { projectionRoutes } from './routes/projection-routes.js';
import { streamRoutes } from './routes/stream-routes.js';
import { ServerSentEventsGate } from '../notifications/sse.js';
import { ApiMetrics } from '../observability/api-metrics.js';
import { ProjectionGauges } from '../observability/projection-gauges.js';
import { accessLog } from './access-log.js';
import { measureRequests } from './measure-requests.js';
import { rememberMount } from './route-of.js';
import { requireJsonBody } from './require-json-body.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { openApiRoutes } from './routes/openapi-routes.js';
import { apiOperations } from './openapi/api-operations.js';
import { openApiDocument } from './openapi/openapi-document.js';

/**
 * The HTTP API: writes, reads that can wait for a write, streams, operations, `/metrics`, and
 * the dashboard at `/`.
 * Errors become problems in one place; every request gets an access log line and a timing.
 * `metrics` is where the API's own metrics go (createServer passes it, to count WebSocket clients too).
 */
export function createApp(platform: Platform, metrics: ApiMetrics = new ApiMetrics(platform.metrics.registry)): Express {
  const { config } = platform;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  const receipts = new WriteReceipts(platform.eventStore);
  const consistency: ConsistencyDependencies = {
    waiter: platform.waiter,
    receipts,
    timeoutMs: config.http.consistencyTimeoutMs,
    retryAfterSeconds: config.http.retryAfterSeconds,
    meter: metrics,
  };
  new ProjectionGauges(platform.metrics.registry, platform.generations, platform.eventStore);
  const sse = new ServerSentEventsGate({ maxConnections: config.sse.maxConnections, allowedOrigins: config.http.allowedOrigins });
  metrics.countClients('sse', () => sse.connections);
  app.use(accessLog(platform.log), measureRequests(metrics));
  app.use(healthRoutes(platform.eventStore, platform.generations), metricsRoutes(platform.metrics), dashboardRoutes(config.websocket.path));
  app.use(
    '/api',
    rememberMount,
    express.json({ limit: config.http.bodyLimitBytes }),
    requireJsonBody,
    correlation,
    catalogueRoutes(platform.queries.catalogue, consistency),
    orderRoutes(platform.queries.orders, consistency),
    blogRoutes(platform.queries.blog, consistency),
    commandRouter(COMMAND_ROUTES, platform.commandHandler, receipts, new IdempotentRequests(platform.eventStore), { idempotencyTtlMs: config.commands.idempotencyTtlMs }),
    streamRoutes(
      platform.queries.orders,
      platform.projections,
      consistency,
      sse,
      config.http.streamTimeoutMs,
    ),
    projectionRoutes(platform.generations, config.http.adminToken),
    openApiRoutes(openApiDocument(apiOperations(COMMAND_ROUTES, platform.projections.map((projection) => projection.name)))),
  );
  app.use((req, res) => sendProblem(res, { status: 404, title: 'Not Found', detail: `no route for ${req.method} ${req.path}` }));
  app.use(problemHandler);
  return app;
}
