import { createServer } from 'node:http';
import { createApp } from './api/create-app.js';
import { compose } from './composition/compose.js';
import { ConfigError, loadConfig } from './composition/load-config.js';

/** `npm start`: the whole platform in one process, on the embedded engine by default. */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = compose(config);
  await platform.start();
  const app = createApp({ commands: platform.commands, bodyLimitBytes: config.http.bodyLimitBytes });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  console.log(`Projectionist listening on http://${config.http.host}:${config.http.port} (event store: ${config.eventStore.adapter})`);

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
