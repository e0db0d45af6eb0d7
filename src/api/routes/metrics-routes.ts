import { Router } from 'express';
import type { PlatformMetrics } from '../../observability/platform-metrics.js';

/** `GET /metrics`: every metric of the platform in Prometheus' text format, the projection thread's included. */
export function metricsRoutes(metrics: PlatformMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await metrics.render();
    res.type(metrics.contentType).send(text);
  });
  return router;
}
