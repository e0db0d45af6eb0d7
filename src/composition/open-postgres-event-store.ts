import { maskUrl } from './mask-url.js';
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store.js';
import type { EventStore } from '../core/ports/event-store.js';
import type { Config } from './config-schema.js';
import { ConfigError } from './load-config.js';

/**
 * Opens the PostgreSQL event store, which connects, migrates and listens before it answers:
 * an unreachable or misconfigured database stops the start here, with one line that names the
 * URL (its password masked) and the cause.
 */
export async function openPostgresEventStore(config: Config): Promise<EventStore> {
  const { url, poolSize, schema, consumerTimeoutMs: timeoutMs } = config.eventStore.postgres;
  try {
    return await PostgresEventStore.open({
      url,
      schema,
      poolSize: Math.max(2, poolSize),
      maxEventBytes: config.eventStore.maxEventBytes,
      persistentSubscriptions: { consumerTimeoutMs: timeoutMs, heartbeatMs: Math.max(50, Math.min(1_000, Math.floor(timeoutMs / 5))) },
    });
  } catch (error) {
    throw new ConfigError(`Cannot open the PostgreSQL event store at ${maskUrl(url)} (eventStore.postgres.url, POSTGRES_URL): ${describe(error)}`);
  }
}

/** A driver error in one line: Node's AggregateError (every address refused) has no message of its own. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = error instanceof AggregateError ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))) : [];
  const text = error.message || parts.join('; ') || (error as { code?: string }).code || error.name;
  return text.replaceAll(/\s*\n\s*/g, ' ');
}
