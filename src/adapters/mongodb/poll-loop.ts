import type { Log } from '../../core/log.js';

/**
 * Runs `tick` now and then every `intervalMs` after the previous tick ended, until stopped;
 * the timer never keeps the process alive. A failing tick is reported once (and its recovery
 * once), not on every tick, and the loop goes on.
 * Returns the stop function, which resolves once a running tick has ended.
 */
export function pollLoop(label: string, intervalMs: number, tick: () => Promise<void>, log: Log): () => Promise<void> {
  let stopped = false;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      await tick();
      if (failing) log.info({ loop: label }, 'a polling loop recovered');
      failing = false;
    } catch (error) {
      if (!failing && !stopped) log.error({ loop: label, err: error, retryEveryMs: intervalMs }, 'a polling loop failed; retrying');
      failing = true;
    }
    if (!stopped) timer = setTimeout(() => (running = run()), intervalMs).unref();
  };
  running = run();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
