/**
 * The projection thread (see ProjectionThread): composes the platform's workers with their own
 * connections, posts every change they publish, answers status questions, and closes on request.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunnerView } from '../core/runner/runner-view.js';
import { compose } from './compose.js';
import type { Config } from './config-schema.js';
import type { ThreadMessage, ThreadRequest } from './projection-thread.js';

const port = parentPort!;
const post = (message: ThreadMessage) => port.postMessage(message);

const { config } = workerData as { config: Config };
try {
  // On Linux a nice value is the calling thread's own: the API thread keeps its priority. Never
  // above the process's own priority (a process started at nice 15 keeps its thread at 15).
  setPriority(Math.max(getPriority(), config.projections.threadNice));
} catch {
  // Where the system refuses, the thread runs at the process's priority.
}
try {
  const platform = await compose(config, { workers: 'here' });
  platform.notifier.subscribe((change) => post({ kind: 'change', change }));
  port.on('message', (request: ThreadRequest) => {
    if (request.kind === 'runners') {
      const runners: Record<string, RunnerView> = {};
      for (const [key, runner] of platform.workers!.running()) runners[key] = runner.view();
      post({ kind: 'runners', id: request.id, runners });
    } else if (request.kind === 'metrics') {
      void platform.metrics.snapshot().then(
        (metrics) => post({ kind: 'metrics', id: request.id, metrics }),
        () => post({ kind: 'metrics', id: request.id, metrics: [] }),
      );
    } else {
      void platform.close().finally(() => port.close());
    }
  });
  await platform.start();
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
