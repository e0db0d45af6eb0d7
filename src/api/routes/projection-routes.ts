import { Router } from 'express';
import { formatPosition } from '../../core/position.js';
import { RebuildInProgressError } from '../../core/ports/read-model-errors.js';
import { adminAuth } from '../admin-auth.js';
import type { Generations } from '../../core/generations/generations.js';
import { queryParameters } from '../validation/query.js';
import { operationSchemas } from './operation-schemas.js';
import { querySchemas } from './query-schemas.js';

/** Status for everyone; rebuilds and parked events for holders of the admin token. */
export function projectionRoutes(generations: Generations, adminToken: string): Router {
  const router = Router();
  const admin = adminAuth(adminToken);
  router.get('/projections', async (req, res) => {
    queryParameters(querySchemas.none, req.query);
    res.json({ projections: await generations.statuses() });
  });
  router.get('/workers', async (req, res) => {
    queryParameters(querySchemas.none, req.query);
    res.json({ workers: await generations.workers() });
  });
  router.get('/projections/:name', async (req, res) => {
    queryParameters(querySchemas.none, req.query);
    res.json({ projection: req.params.name, generations: await generations.statuses(req.params.name) });
  });
  router.post('/projections/:name/rebuild', admin, async (req, res) => {
    const { record, resumed } = await generations.beginRebuild(String(req.params.name));
    if (resumed) throw new RebuildInProgressError(record.projection, record.generation);
    res.status(202).location(`/api/projections/${record.projection}`).json({ projection: record.projection, generation: record.generation, state: record.state });
  });
  router.get('/projections/:name/parked', admin, async (req, res) => {
    queryParameters(querySchemas.none, req.query);
    const parked = await generations.parked(String(req.params.name));
    res.json({
      parked: parked.map((p) => ({ position: formatPosition(p.position), stream: p.streamId, eventId: p.eventId, eventType: p.eventType, error: p.error, attempts: p.attempts, parkedAt: p.parkedAt })),
    });
  });
  router.post('/projections/:name/parked/replay', admin, async (req, res) => {
    const body = operationSchemas.replayParked.parse(req.body ?? {}, '');
    res.json(await generations.replayParked(String(req.params.name), body.stream));
  });
  return router;
}
