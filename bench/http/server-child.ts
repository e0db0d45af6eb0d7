/**
 * A child process serving HTTP for the benchmarks, on an ephemeral port it prints as
 * `{"port": n}`:
 *   projectionist <dataDir>       the whole platform, on the embedded engine
 *   bare <json file>              a bare Express route, GET /api/products/:id, answering that JSON
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
  const platform = await compose(loadConfig({ DATA_DIR: argument }));
  await platform.start();
  app = createApp(platform);
} else {
  const json = JSON.parse(readFileSync(argument!, 'utf8')) as unknown;
  app = express();
  app.get('/api/products/:id', (_req, res) => {
    res.json(json);
  });
}
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
