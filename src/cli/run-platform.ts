import { createServer } from '../api/create-server.js';
import { compose, type Platform } from '../composition/compose.js';
import type { Config } from '../composition/config-schema.js';
import { listen } from './listen.js';
import { startupSummary } from './startup-summary.js';

/**
 * Runs the platform until SIGINT or SIGTERM: the API, the projection workers, or both (the
 * default, and what `npm start` does). API and workers apart share the same files or servers;
 * the API then hears of the workers' progress through the read-model store's change log. With
 * both, the workers run in a projection thread (unless `projections.thread` is off), so that a
 * rebuild or a long catch-up never holds the thread that answers requests. A start that fails
 * (a busy port, say) closes what it opened before it rejects. `running`, if given, runs once the
 * platform runs (the demo's data, say); its failure is logged, and the platform keeps running.
 */
export async function runPlatform(
  config: Config,
  roles: { readonly api: boolean; readonly workers: boolean },
  running?: (platform: Platform) => Promise<void>,
): Promise<void> {
  const platform = await compose(config, { workers: !roles.workers ? 'elsewhere' : roles.api && config.projections.thread ? 'thread' : 'here' });
  const { log } = platform;
  const api = roles.api ? createServer(platform) : undefined;
  try {
    await platform.start();
    const address = api && (await listen(api.server, config.http.port, config.http.host));
    const summary = startupSummary(config, address && { host: config.http.host, port: address.port }, roles.workers ? platform.projections.map((p) => p.name) : []);
    log.info(summary.fields, summary.message);
  } catch (error) {
    api?.gateway.close();
    await platform.close();
    throw error;
  }

  void running?.(platform).catch((error: unknown) => log.error({ err: error }, 'what was to run once the platform runs failed; the platform goes on'));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Ctrl-C under npm arrives twice (from the terminal and relayed by npm): a repeat must not
  // cut the shutdown short. One that does not end in time is cut short, saying so.
  const repeated = (again: NodeJS.Signals) => log.info({ signal: again }, 'already shutting down');
  process.on('SIGINT', repeated).on('SIGTERM', repeated);
  const overdue = setTimeout(() => {
    log.error({ afterMs: SHUTDOWN_TIMEOUT_MS }, 'the shutdown did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  log.info({ signal }, 'Shutting down');
  api?.gateway.close();
  api?.server.close();
  api?.server.closeAllConnections();
  await platform.close();
  clearTimeout(overdue);
  process.off('SIGINT', repeated).off('SIGTERM', repeated);
  log.info({}, 'Stopped');
}

const SHUTDOWN_TIMEOUT_MS = 20_000;
