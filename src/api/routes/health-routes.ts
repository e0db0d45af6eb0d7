import { Router } from 'express';
import type { Generations } from '../../core/generations/generations.js';
import type { AllEvents } from '../../core/ports/all-events.js';
import { sendProblem } from '../problem-details.js';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: stores reachable, no projection failed or stopped). */
export function healthRoutes(eventStore: Pick<AllEvents, 'headPosition'>, generations: Generations): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', async (_req, res) => {
    try {
      await eventStore.headPosition();
      const statuses = await generations.statuses();
      const broken = statuses.filter((status) => status.state === 'failed' || status.state === 'stopped');
      if (broken.length > 0) {
        return sendProblem(res, {
          status: 503,
          title: 'Service Unavailable',
          detail: `projections not running: ${broken.map((b) => `${b.projection} (${b.state}${b.lastError ? `: ${b.lastError.message}` : ''})`).join(', ')}`,
        });
      }
      res.json({ status: 'ready', projections: statuses.length });
    } catch (error) {
      sendProblem(res, { status: 503, title: 'Service Unavailable', detail: `a store is unreachable: ${(error as Error).message}` });
    }
  });
  return router;
}
