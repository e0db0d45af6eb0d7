import pg from 'pg';

export interface PostgresPoolOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** Connections in the pool: group commit needs only one or two; readers and subscription groups use the rest. */
  readonly poolSize: number;
  /** The schema that holds the store's tables; every connection puts it first on its `search_path`. */
  readonly schema: string;
}

/**
 * A pool whose connections all see the store's schema first. `int8` and `xid8` values stay
 * strings (node-postgres' default): the adapter turns them into bigints itself, never into
 * JS numbers. Durability is the server's `synchronous_commit = on`, set per connection so that
 * a server configured otherwise does not weaken an acknowledged append.
 */
export function postgresPool(options: PostgresPoolOptions): pg.Pool {
  return new pg.Pool({ ...connectionConfig(options), max: options.poolSize });
}

/** What one connection needs: the pool's and the listener's. */
export function connectionConfig(options: Pick<PostgresPoolOptions, 'url' | 'schema'>): pg.ClientConfig {
  return {
    connectionString: options.url,
    connectionTimeoutMillis: 10_000,
    options: `-c search_path=${quoteIdentifier(options.schema)},public -c synchronous_commit=on`,
    // Names the store, so that an operator (or a test) can tell its connections apart.
    application_name: `projectionist:${options.schema}`.slice(0, 63),
  };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
