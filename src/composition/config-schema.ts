import convict from 'convict';

/**
 * Every setting, its default, and the environment variable that overrides it. The defaults
 * (`config/default.json` repeats them) run everything embedded, with no server to set up.
 */
export const configSchema = {
  dataDir: {
    doc: 'Where the embedded engine keeps its files.',
    format: String,
    default: './data',
    env: 'DATA_DIR',
  },
  log: {
    level: { doc: 'Least severe log level written.', format: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info', env: 'LOG_LEVEL' },
    format: {
      doc: 'json: one JSON object per line; pretty: coloured lines for people; auto: pretty on a terminal, JSON otherwise.',
      format: ['auto', 'json', 'pretty'],
      default: 'auto',
      env: 'LOG_FORMAT',
    },
  },
  http: {
    port: { doc: 'HTTP port of the API.', format: 'port', default: 3000, env: 'PORT' },
    host: {
      doc: 'Interface the API listens on: 127.0.0.1 (this machine only) by default; 0.0.0.0 (or ::) opens it to the network, as config/docker.json does.',
      format: String,
      default: '127.0.0.1',
      env: 'HOST',
    },
    bodyLimitBytes: { doc: 'Largest request body accepted.', format: 'nat', default: 1_048_576, env: 'HTTP_BODY_LIMIT_BYTES' },
    consistencyTimeoutMs: { doc: 'How long a read with wait=true waits for its write before 408.', format: 'nat', default: 5_000, env: 'CONSISTENCY_TIMEOUT_MS' },
    streamTimeoutMs: { doc: 'How long a Server-Sent Events stream waits for its write before event: timeout.', format: 'nat', default: 10_000, env: 'STREAM_TIMEOUT_MS' },
    retryAfterSeconds: { doc: 'Retry-After sent with 202 PROCESSING and 408.', format: 'nat', default: 1, env: 'RETRY_AFTER_SECONDS' },
    adminToken: { doc: 'Bearer token for rebuilds and parked events; empty turns those operations off.', format: String, default: '', env: 'ADMIN_TOKEN', sensitive: true },
    allowedOrigins: {
      doc: 'Browser origins (e.g. https://app.example.com) allowed to open WebSocket and Server-Sent Events connections, comma-separated; empty allows any.',
      format: Array,
      default: [] as string[],
      env: 'ALLOWED_ORIGINS',
    },
  },
  sse: {
    maxConnections: { doc: 'Most Server-Sent Events streams open at once; more are refused with 503.', format: 'nat', default: 500, env: 'SSE_MAX_CONNECTIONS' },
  },
  websocket: {
    path: { doc: 'Where WebSocket clients connect.', format: String, default: '/ws', env: 'WS_PATH' },
    heartbeatMs: { doc: 'Ping interval; a client silent for one interval is dropped.', format: 'nat', default: 30_000, env: 'WS_HEARTBEAT_MS' },
    maxBufferedBytes: { doc: 'A client with more unsent bytes than this is too slow, and dropped.', format: 'nat', default: 1_048_576, env: 'WS_MAX_BUFFERED_BYTES' },
    maxConnections: { doc: 'Most WebSocket connections open at once; more are refused with 503 at the upgrade.', format: 'nat', default: 1_000, env: 'WS_MAX_CONNECTIONS' },
  },
  commands: {
    idempotencyTtlMs: {
      doc: 'How long an Idempotency-Key is remembered: a retry within it answers as the first request did.',
      format: 'nat',
      default: 86_400_000,
      env: 'IDEMPOTENCY_TTL_MS',
    },
    conflictBudgetMs: {
      doc: 'How long a command that is safe to decide again (a stock change, a like) retries after conflicting writes from other processes.',
      format: 'nat',
      default: 5_000,
      env: 'COMMAND_CONFLICT_BUDGET_MS',
    },
    cachedStreams: { doc: 'Streams whose folded state the command side keeps in memory.', format: 'nat', default: 10_000, env: 'COMMAND_CACHED_STREAMS' },
    snapshotEvery: {
      doc: 'Events between two snapshots of a stream that grows without bound (a product).',
      format: 'nat',
      default: 100,
      env: 'COMMAND_SNAPSHOT_EVERY',
    },
  },
  eventStore: {
    adapter: { doc: 'Which event store to use.', format: ['sqlite', 'postgres', 'eventstoredb'], default: 'sqlite', env: 'EVENT_STORE' },
    maxEventBytes: { doc: 'Largest event (data plus metadata) accepted.', format: 'nat', default: 1_048_576, env: 'MAX_EVENT_BYTES' },
    sqlite: {
      file: { doc: 'The embedded event store file; empty means <dataDir>/events.db.', format: String, default: '', env: 'SQLITE_EVENTS_FILE' },
      synchronous: {
        doc: 'full: every acknowledged write survives power loss. normal: faster, may lose the last writes on power loss.',
        format: ['full', 'normal'],
        default: 'full',
        env: 'SQLITE_SYNCHRONOUS',
      },
      consumerTimeoutMs: {
        doc: 'A persistent subscription consumer whose process stops renewing it for this long is dead; what it held goes to others.',
        format: 'nat',
        default: 5_000,
        env: 'SQLITE_CONSUMER_TIMEOUT_MS',
      },
      readAhead: {
        doc: 'Where projections run, read the next page of $all in a thread of its own while the page before is handled (catch-up and rebuilds on two cores).',
        format: Boolean,
        default: true,
        env: 'SQLITE_READ_AHEAD',
      },
    },
    postgres: {
      url: {
        doc: 'PostgreSQL, for eventStore.adapter = postgres: postgres://user:password@host:port/database.',
        format: String,
        default: 'postgres://localhost:5432/projectionist',
        env: 'POSTGRES_URL',
        sensitive: true,
      },
      poolSize: { doc: 'Connections to PostgreSQL per process (one more listens for appends).', format: 'nat', default: 10, env: 'POSTGRES_POOL_SIZE' },
      schema: { doc: 'The schema holding the event store; several stores can share a database.', format: String, default: 'projectionist', env: 'POSTGRES_SCHEMA' },
      consumerTimeoutMs: {
        doc: 'A persistent subscription consumer\'s lease: one whose process stops renewing it for this long is dead; what it held goes to others.',
        format: 'nat',
        default: 5_000,
        env: 'POSTGRES_CONSUMER_TIMEOUT_MS',
      },
    },
    eventstoredb: {
      url: {
        doc: 'EventStoreDB / KurrentDB, for eventStore.adapter = eventstoredb: kurrentdb://host:2113?tls=false in development; TLS and credentials (kurrentdb://user:password@host:2113) in production. esdb:// works too.',
        format: String,
        default: 'kurrentdb://localhost:2113?tls=false',
        env: 'EVENTSTOREDB_URL',
        sensitive: true,
      },
    },
  },
  readModels: {
    documents: {
      doc: 'Where documents projections, the registry of generations and the change log live.',
      format: ['sqlite', 'mongodb'],
      default: 'sqlite',
      env: 'READ_MODELS_DOCUMENTS',
    },
    search: { doc: 'Where search projections live.', format: ['sqlite', 'elasticsearch'], default: 'sqlite', env: 'READ_MODELS_SEARCH' },
    sqlite: {
      file: { doc: 'The embedded read models file; empty means <dataDir>/read-models.db.', format: String, default: '', env: 'SQLITE_READ_MODELS_FILE' },
    },
  },
  mongodb: {
    url: { doc: 'MongoDB (or FerretDB), for readModels.documents = mongodb.', format: String, default: 'mongodb://localhost:27017/', env: 'MONGODB_URL' },
    database: { doc: 'The database holding every generation and the shared collections.', format: String, default: 'projectionist', env: 'MONGODB_DATABASE' },
    transactions: {
      doc: 'auto: batches commit in transactions where the server has them (a replica set); off: position guards only.',
      format: ['auto', 'off'],
      default: 'auto',
      env: 'MONGODB_TRANSACTIONS',
    },
  },
  elasticsearch: {
    url: { doc: 'Elasticsearch 8 node, for readModels.search = elasticsearch.', format: String, default: 'http://localhost:9200', env: 'ELASTICSEARCH_URL' },
    prefix: { doc: 'Prepended to every index and alias name.', format: String, default: 'projectionist-', env: 'ELASTICSEARCH_PREFIX' },
    refresh: {
      doc: 'How a batch is made searchable before its checkpoint: force (a refresh per batch) or wait_for (the next scheduled refresh, up to 1 s).',
      format: ['force', 'wait_for'],
      default: 'force',
      env: 'ELASTICSEARCH_REFRESH',
    },
  },
  projections: {
    thread: {
      doc: 'Where `start` runs its workers: in a worker thread of their own (true), so that catch-up and rebuilds never hold the API, or on the API thread (false).',
      format: Boolean,
      default: true,
      env: 'PROJECTIONS_THREAD',
    },
    threadNice: {
      doc: 'The projection thread\'s nice value on Linux (0 to 19; the API thread keeps its own, and a process started at a higher value keeps it): when both want the CPU, HTTP, WebSocket and commits go first and a rebuild takes what is left. 0 shares the CPU evenly.',
      format: 'int',
      default: 10,
      env: 'PROJECTIONS_THREAD_NICE',
    },
    heapGrowingPercent: {
      doc: 'How far, in percent, V8 lets the heaps of a process that runs projections grow past what each full collection kept, instead of its own factor (1.1 to 4, larger the faster the process allocates); 0 leaves it to V8, at most 300. A rebuild allocates fast enough for V8 to let its heap grow to four times what is live: 50 kept a million-event rebuild at 283–285 MB RSS against 449–474 MB, for 30 full collections instead of 9.',
      format: 'int',
      default: 50,
      env: 'PROJECTIONS_HEAP_GROWING_PERCENT',
    },
    live: {
      doc: 'How a runner receives live events once caught up: subscription (a catch-up subscription to $all: each event read once) or persistent (through a persistent subscription group per generation, for engines that fail over through one). Either way, the generation\'s lease decides which worker writes.',
      format: ['persistent', 'subscription'],
      default: 'subscription',
      env: 'PROJECTIONS_LIVE',
    },
    leaseMs: {
      doc: 'How long a generation\'s lease lasts unrenewed: another worker takes over this long after the one writing it died or froze (renewed every third of it).',
      format: 'nat',
      default: 10_000,
      env: 'PROJECTIONS_LEASE_MS',
    },
    batchSize: { doc: 'Most events applied in one live batch.', format: 'nat', default: 500, env: 'PROJECTIONS_BATCH_SIZE' },
    catchUpBatchSize: {
      doc: 'Most events applied in one batch while catching up or rebuilding; larger batches merge more writes.',
      format: 'nat',
      default: 2_000,
      env: 'PROJECTIONS_CATCH_UP_BATCH_SIZE',
    },
    batchWaitMs: { doc: 'How long a live batch waits for more events after its first.', format: 'nat', default: 0, env: 'PROJECTIONS_BATCH_WAIT_MS' },
    switchLagEvents: {
      doc: 'A blue/green rebuild switches in once at most this many events are left for it.',
      format: 'nat',
      default: 0,
      env: 'PROJECTIONS_SWITCH_LAG_EVENTS',
    },
    retireAfterMs: {
      doc: 'How long a replaced generation is kept after a switch, for reads in flight.',
      format: 'nat',
      default: 5_000,
      env: 'PROJECTIONS_RETIRE_AFTER_MS',
    },
  },
} as const;

export type Config = ReturnType<convict.Config<ConfigShape>['getProperties']>;

export interface ConfigShape {
  dataDir: string;
  log: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'; format: 'auto' | 'json' | 'pretty' };
  http: {
    port: number;
    host: string;
    bodyLimitBytes: number;
    consistencyTimeoutMs: number;
    streamTimeoutMs: number;
    retryAfterSeconds: number;
    adminToken: string;
    allowedOrigins: string[];
  };
  sse: { maxConnections: number };
  websocket: { path: string; heartbeatMs: number; maxBufferedBytes: number; maxConnections: number };
  commands: { idempotencyTtlMs: number; conflictBudgetMs: number; cachedStreams: number; snapshotEvery: number };
  eventStore: {
    adapter: 'sqlite' | 'postgres' | 'eventstoredb';
    maxEventBytes: number;
    sqlite: { file: string; synchronous: 'full' | 'normal'; consumerTimeoutMs: number; readAhead: boolean };
    postgres: { url: string; poolSize: number; schema: string; consumerTimeoutMs: number };
    eventstoredb: { url: string };
  };
  readModels: { documents: 'sqlite' | 'mongodb'; search: 'sqlite' | 'elasticsearch'; sqlite: { file: string } };
  mongodb: { url: string; database: string; transactions: 'auto' | 'off' };
  elasticsearch: { url: string; prefix: string; refresh: 'force' | 'wait_for' };
  projections: {
    thread: boolean;
    threadNice: number;
    heapGrowingPercent: number;
    live: 'persistent' | 'subscription';
    leaseMs: number;
    batchSize: number;
    catchUpBatchSize: number;
    batchWaitMs: number;
    switchLagEvents: number;
    retireAfterMs: number;
  };
}
