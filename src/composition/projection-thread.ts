import { Worker } from 'node:worker_threads';
import { entryBeside, threadEntrySource } from '../adapters/threads/thread-entry-source.js';
import type { Log } from '../core/log.js';
import type { ChangeNotifier, ProjectionChange } from '../core/ports/change-notifier.js';
import { generationKey, type Generation } from '../core/projections/generation.js';
import type { RunnerView } from '../core/runner/runner-view.js';
import { resolveLogFormat } from '../observability/create-logger.js';
import type { MetricsSnapshot } from '../observability/platform-metrics.js';
import type { Config } from './config-schema.js';

/** What the thread posts: it runs, it failed to start, a batch committed, or the answer to a status or metrics question. */
export type ThreadMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'change'; readonly change: ProjectionChange }
  | { readonly kind: 'runners'; readonly id: number; readonly runners: Readonly<Record<string, RunnerView>> }
  | { readonly kind: 'metrics'; readonly id: number; readonly metrics: MetricsSnapshot };

/** What the API's thread asks of it. */
export type ThreadRequest = { readonly kind: 'runners' | 'metrics'; readonly id: number } | { readonly kind: 'close' };

const ENTRY = entryBeside(import.meta.url, 'projection-thread-entry');
const RESTART_BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The projection workers of this process, in a worker thread of their own with their own
 * connections: catch-up, rebuilds and live batches run on the machine's second core and can
 * never hold the event loop that serves HTTP, WebSocket and group commit. Every batch the
 * thread commits is posted here and published on this thread's notifier, so consistency waits
 * wake as fast as with workers in the same thread. A thread that dies is started again with
 * backoff; its runners resume from their checkpoints.
 */
export class ProjectionThread {
  private worker: Worker | undefined;
  private readonly asked = new Map<number, (answer: ThreadMessage | undefined) => void>();
  private nextId = 1;
  private failures = 0;
  private restart: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly config: Config,
    private readonly notifier: ChangeNotifier,
    private readonly log: Log,
  ) {}

  /** Starts the thread; resolves once its runners run, rejects with its error if it cannot start. */
  static async start(config: Config, notifier: ChangeNotifier, log: Log): Promise<ProjectionThread> {
    const thread = new ProjectionThread(config, notifier, log);
    await thread.spawn();
    return thread;
  }

  /** What the thread's runner of a generation says of itself; undefined when it runs none (or the thread is away). */
  async runnerView(generation: Generation): Promise<RunnerView | undefined> {
    const answer = await this.ask('runners');
    return answer?.kind === 'runners' ? answer.runners[generationKey(generation)] : undefined;
  }

  /** The thread's metrics (its runners' counters); none while it is away. */
  async metrics(): Promise<MetricsSnapshot> {
    const answer = await this.ask('metrics');
    return answer?.kind === 'metrics' ? answer.metrics : [];
  }

  private ask(kind: 'runners' | 'metrics'): Promise<ThreadMessage | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.asked.set(id, resolve);
      worker.postMessage({ kind, id } satisfies ThreadRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restart);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' } satisfies ThreadRequest);
    const timeout = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timeout);
  }

  private spawn(): Promise<void> {
    // A worker thread's stdout is never a terminal: decide here whether its lines are pretty.
    const config = { ...this.config, log: { ...this.config.log, format: resolveLogFormat(this.config.log.format) } };
    const worker = new Worker(threadEntrySource(ENTRY), { eval: true, workerData: { config } });
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: ThreadMessage) => {
        switch (message.kind) {
          case 'ready':
            started = true;
            this.failures = 0;
            this.worker = worker;
            resolve();
            return;
          case 'failed':
            reject(new Error(message.message));
            return;
          case 'change':
            this.notifier.publish(message.change);
            return;
          case 'runners':
          case 'metrics':
            this.asked.get(message.id)?.(message);
            this.asked.delete(message.id);
        }
      });
      worker.on('error', (error) => {
        if (!started) reject(error);
        else this.log.error({ err: error }, 'the projection thread failed');
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        for (const answer of this.asked.values()) answer(undefined);
        this.asked.clear();
        if (!started) reject(new Error(`the projection thread exited with code ${code} before it ran`));
        else if (!this.closed) this.scheduleRestart();
      });
    });
  }

  private scheduleRestart(): void {
    const wait = RESTART_BACKOFF_MS[Math.min(this.failures, RESTART_BACKOFF_MS.length - 1)]!;
    this.failures += 1;
    this.log.warn({ retryInMs: wait }, 'restarting the projection thread');
    this.restart = setTimeout(() => {
      this.spawn().catch((error: unknown) => {
        this.log.error({ err: error }, 'the projection thread did not start');
        if (!this.closed) this.scheduleRestart();
      });
    }, wait);
  }
}
