import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { projectRoot } from '../../composition/project-root.js';

/**
 * Where the page may load from and talk to: this origin only (its WebSocket included), nothing
 * inline, no frames. The page and its scripts are plain files: there is nothing to build.
 */
const HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

/**
 * The dashboard: the page at `/`, its scripts and styles at `/dashboard/<file>`, from the
 * project's `src/dashboard/` (found the same way from `src/` under tsx and from compiled
 * code). The page learns the WebSocket's path from a meta element filled in here; every file
 * is read once, at start. Anything else under `/dashboard/` is left to the API's 404.
 */
export function dashboardRoutes(webSocketPath: string): Router {
  const directory = join(projectRoot(), 'src', 'dashboard');
  const page = readFileSync(join(directory, 'index.html'), 'utf8').replace('{{webSocketPath}}', escapeAttribute(webSocketPath));
  const assets = new Map(
    readdirSync(directory)
      .filter((name) => name !== 'index.html')
      .map((name) => [name, readFileSync(join(directory, name))]),
  );
  const router = Router();
  router.get('/', (_req, res) => {
    res.set(HEADERS).type('html').send(page);
  });
  router.get('/dashboard/:file', (req, res, next) => {
    const file = String(req.params.file);
    const asset = assets.get(file);
    if (!asset) return next();
    res.set(HEADERS).type(file.slice(file.lastIndexOf('.'))).send(asset);
  });
  return router;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
