import { CommandHandler } from '../core/commands/command-handler.js';
import { ConsistencyWaiter } from '../core/consistency/consistency-waiter.js';
import { InProcessChangeNotifier } from '../core/consistency/in-process-change-notifier.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { EventStore } from '../core/ports/event-store.js';
import type { GenerationLeases } from '../core/ports/generation-leases.js';
import type { ProjectionRegistry } from '../core/ports/projection-registry.js';
import type { ReadModelStore } from '../core/ports/read-model-store.js';
import { LiveGenerations } from '../core/projections/live-generations.js';
import type { Generation } from '../core/projections/generation.js';
import type { Projection } from '../core/projections/projection.js';
import { Generations } from '../core/generations/generations.js';
import { ProjectionWorkers, type WorkerOptions } from '../core/runner/projection-workers.js';
import { BlogQueries } from '../queries/blog-queries.js';
import { CatalogueQueries } from '../queries/catalogue-queries.js';
import { OrderQueries } from '../queries/order-queries.js';
import { projections as seedProjections } from '../../projections/index.js';
import type { Config } from './config-schema.js';
import { openEventStore } from './open-event-store.js';
import { openReadModels } from './open-read-models.js';
import { ProjectionThread } from './projection-thread.js';
import { tuneHeap } from './tune-heap.js';
import type { Logger } from 'pino';
import { createLogger } from '../observability/create-logger.js';
import { PlatformMetrics } from '../observability/platform-metrics.js';
import { secretsOf } from '../observability/secrets-of.js';

/** Where this platform's projection workers run. */
export interface Roles {
  /**
   * `here`: on this thread (a worker process, tests, the CLI). `thread`: in a worker thread of
   * this process, so that projection work never holds the API's event loop (`npm start`).
   * `elsewhere`: in other processes; their changes are relayed from the read-model store.
   */
  readonly workers: 'here' | 'thread' | 'elsewhere';
}

/** The running parts of the platform, wired from configuration. */
export interface Platform {
  readonly config: Config;
  readonly eventStore: EventStore;
  /** Runs the domain's commands (`src/domain`) against the event store. */
  readonly commandHandler: CommandHandler;
  readonly readModels: ReadModelStore;
  readonly registry: ProjectionRegistry;
  /** Who writes each generation and partition, shared by every process (absent where no leases are kept). */
  readonly leases: GenerationLeases | undefined;
  readonly notifier: ChangeNotifier;
  readonly live: LiveGenerations;
  readonly waiter: ConsistencyWaiter;
  readonly queries: { readonly orders: OrderQueries; readonly blog: BlogQueries; readonly catalogue: CatalogueQueries };
  /** The projections this platform serves, workers or not. */
  readonly projections: readonly Projection[];
  /** Rebuilds, switches, parked events and status of every projection's generations, from any process. */
  readonly generations: Generations;
  /** The workers, when they run on this thread. */
  readonly workers: ProjectionWorkers | undefined;
  /** Structured logs (src/observability/create-logger.ts). */
  readonly log: Logger;
  /** This platform's metrics registry, with its projection thread's counters added at each scrape. */
  readonly metrics: PlatformMetrics;
  /** Starts the workers, if this process runs them (on this thread or its projection thread). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The one place that picks adapters. Nothing else in the code base branches on an engine. */
export async function compose(
  config: Config,
  roles: Roles = { workers: 'here' },
  projections: readonly Projection[] = seedProjections,
  /** `log`: where the lines go instead of the configured logger (tests read them). */
  services: { readonly log?: Logger } = {},
): Promise<Platform> {
  if (roles.workers === 'thread' && projections !== seedProjections) throw new Error('a projection thread runs the seed projections only: its code cannot be passed to a thread');
  const log = services.log ?? createLogger({ ...config.log, secrets: secretsOf(config) });
  // Process-wide: where projections run, here or in this process's projection thread.
  if (roles.workers !== 'elsewhere') tuneHeap(config.projections.heapGrowingPercent);
  const eventStore = await openEventStore(config, log, { runsProjections: roles.workers === 'here' });
  const metrics = new PlatformMetrics();
  const notifier = new InProcessChangeNotifier(log);
  const { store, documents, search, registry, leases, close: closeReadModels } = await openReadModels(config, notifier, roles.workers === 'elsewhere', log);
  const live = new LiveGenerations(registry);
  const waiter = new ConsistencyWaiter(notifier, registry, store, live);
  const deps = { eventStore, readModels: store, notifier, registry, leases, log, meter: metrics.runners };
  let thread: ProjectionThread | undefined;
  const generations = new Generations(deps, projections, (generation: Generation) => workers?.runnerOf(generation)?.view() ?? thread?.runnerView(generation));
  const workers: ProjectionWorkers | undefined = roles.workers === 'here' ? new ProjectionWorkers(deps, generations, workerOptions(config)) : undefined;
  return {
    config,
    eventStore,
    commandHandler: new CommandHandler(eventStore, {
      conflictBudgetMs: config.commands.conflictBudgetMs,
      cachedStreams: config.commands.cachedStreams,
      snapshotEvery: config.commands.snapshotEvery,
      log,
    }),
    readModels: store,
    registry,
    leases,
    notifier,
    live,
    waiter,
    queries: {
      orders: new OrderQueries(documents, live),
      blog: new BlogQueries(documents, live),
      catalogue: new CatalogueQueries(documents, search, live),
    },
    projections,
    generations,
    workers,
    log,
    metrics,
    start: async () => {
      await workers?.start();
      if (roles.workers === 'thread' && !thread) {
        thread = await ProjectionThread.start(config, notifier, log);
        metrics.include(async () => (await thread?.metrics()) ?? []);
      }
    },
    close: async () => {
      await workers?.close();
      await thread?.close();
      waiter.close();
      live.close();
      await eventStore.close();
      await closeReadModels();
    },
  };
}

function workerOptions(config: Config): WorkerOptions {
  return {
    runner: {
      live: config.projections.live,
      batchSize: config.projections.batchSize,
      catchUpBatchSize: config.projections.catchUpBatchSize,
      batchWaitMs: config.projections.batchWaitMs,
    },
    switchLagEvents: config.projections.switchLagEvents,
    retireAfterMs: config.projections.retireAfterMs,
    leaseMs: config.projections.leaseMs,
  };
}
