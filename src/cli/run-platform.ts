import type { AddressInfo } from 'node:net';
import { createServer } from '../api/create-server.js';
import { compose } from '../composition/compose.js';
import type { Config } from '../composition/config-schema.js';

/**
 * Runs the platform until SIGINT or SIGTERM: the API, the projection workers, or both (the
 * default, and what `npm start` does). API and workers apart share the same files or servers;
 * the API then hears of the workers' progress through the read-model store's change log. With
 * both, the workers run in a projection thread (unless `projections.thread` is off), so that a
 * rebuild or a long catch-up never holds the thread that answers requests.
 */
export async function runPlatform(config: Config, roles: { readonly api: boolean; readonly workers: boolean }): Promise<void> {
  const platform = await compose(config, { workers: !roles.workers ? 'elsewhere' : roles.api && config.projections.thread ? 'thread' : 'here' });
  await platform.start();
  const api = roles.api ? createServer(platform) : undefined;
  const server = api?.server;
  const gateway = api?.gateway;
  if (server) await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  const port = server ? (server.address() as AddressInfo).port : config.http.port;
  const parts = [server ? `API on http://${config.http.host}:${port}` : '', roles.workers ? `${platform.projections.length} projections` : '']
    .filter(Boolean)
    .join(', ');
  console.log(`Projectionist running: ${parts} (event store: ${config.eventStore.adapter}, documents: ${config.readModels.documents}, search: ${config.readModels.search})`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('Shutting down');
  gateway?.close();
  server?.close();
  server?.closeAllConnections();
  await platform.close();
}
