/**
 * A child process serving HTTP for the benchmarks, on an ephemeral port it prints as
 * `{"port": n}`:
 *   projectionist <dataDir>       the whole platform, on the embedded engine, its workers where
 *                                 `npm start` runs them (the projection thread, unless PROJECTIONS_THREAD=false)
 *   bare <json file>              a bare Express route, GET /api/products/:id, answering that JSON
 *                                 with the platform's Express settings (no ETags)
 */
import express from 'express';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/create-app.js';
import { compose } from '../../src/composition/compose.js';
import { loadConfig } from '../../src/composition/load-config.js';

const [mode, argument] = process.argv.slice(2);
let app: express.Express;
if (mode === 'projectionist') {
  // Its stdout's first line is the port; an access line per request would also cost the figures.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, DATA_DIR: argument });
  const platform = await compose(config, { workers: config.projections.thread ? 'thread' : 'here' });
  await platform.start();
  app = createApp(platform);
} else {
  const json = JSON.parse(readFileSync(argument!, 'utf8')) as unknown;
  app = express();
  // As createApp sets its app: no ETag hashing of each answer, no X-Powered-By header.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.get('/api/products/:id', (_req, res) => {
    res.json(json);
  });
}
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
