import type pg from 'pg';
import type { JsonObject } from '../../core/events.js';
import type { RecordedIdempotency } from '../../core/ports/idempotency.js';
import { positionOfRow } from './postgres-event-row.js';

const PURGE_EVERY_MS = 60_000;

interface KeyRow {
  readonly key: string;
  readonly fingerprint: string;
  readonly outcome: JsonObject;
  readonly stream: string;
  readonly tx_id: string;
  readonly position: string;
  readonly event_types: string[];
  readonly expires: string;
}

/**
 * Idempotency keys are recorded by `pj_append_one`, in the append's own subtransaction; here
 * they are found, and the expired ones purged, a thousand at a time, at most once a minute.
 */
export class PostgresIdempotencyKeys {
  private lastPurge = 0;

  constructor(private readonly pool: pg.Pool) {}

  async find(key: string): Promise<RecordedIdempotency | undefined> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM idempotency_keys WHERE key = $1 AND expires > $2', [key, Date.now()]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      key: row.key,
      fingerprint: row.fingerprint,
      outcome: row.outcome,
      expiresAt: new Date(Number(row.expires)),
      stream: row.stream,
      position: positionOfRow(row),
      eventTypes: row.event_types,
    };
  }

  purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.pool
      .query('DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires <= $1 LIMIT 1000)', [now])
      .catch(() => undefined);
  }
}
