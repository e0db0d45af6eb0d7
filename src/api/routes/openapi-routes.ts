import { Router } from 'express';
import type { OpenApiDocument } from '../openapi/openapi-document.js';

/** `GET /openapi.json` (under /api): the API's OpenAPI 3.1 document. */
export function openApiRoutes(document: OpenApiDocument): Router {
  const router = Router();
  const text = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(text);
  });
  return router;
}
