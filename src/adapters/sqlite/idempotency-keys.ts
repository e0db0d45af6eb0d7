import type { IdempotencyRecord, RecordedIdempotency } from '../../core/ports/idempotency.js';
import { IdempotencyKeyInUseError } from '../../core/ports/event-store-errors.js';
import type { JsonObject } from '../../core/events.js';
import { position, type Position } from '../../core/position.js';
import type { SqliteDatabase } from './open-database.js';

interface KeyRow {
  readonly key: string;
  readonly fingerprint: string;
  readonly outcome: string;
  readonly stream: string;
  readonly position: number;
  readonly event_types: string;
  readonly expires: number;
}

const PURGE_EVERY_MS = 60_000;

/**
 * Idempotency keys in the event store's file. `record` runs inside the append's transaction:
 * a live key fails it (and with it the append); an expired one is taken over. Expired keys
 * are purged a few at a time as new ones arrive.
 */
export class IdempotencyKeys {
  private readonly insert;
  private readonly select;
  private readonly purge;
  private lastPurge = 0;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO idempotency_keys (key, fingerprint, outcome, stream, position, event_types, expires)
      VALUES (@key, @fingerprint, @outcome, @stream, @position, @eventTypes, @expires)
      ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, outcome = excluded.outcome, stream = excluded.stream,
        position = excluded.position, event_types = excluded.event_types, expires = excluded.expires
      WHERE idempotency_keys.expires <= @now`);
    this.select = db.prepare('SELECT * FROM idempotency_keys WHERE key = ? AND expires > ?');
    this.purge = db.prepare('DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys WHERE expires <= ? LIMIT 1000)');
  }

  record(record: IdempotencyRecord, stream: string, at: Position, eventTypes: readonly string[]): void {
    const now = Date.now();
    const { changes } = this.insert.run({
      key: record.key,
      fingerprint: record.fingerprint,
      outcome: JSON.stringify(record.outcome),
      stream,
      position: Number(at.commit),
      eventTypes: JSON.stringify(eventTypes),
      expires: record.expiresAt.getTime(),
      now,
    });
    if (changes === 0) throw new IdempotencyKeyInUseError(record.key);
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.purge.run(now);
    }
  }

  find(key: string): RecordedIdempotency | undefined {
    const row = this.select.get(key, Date.now()) as KeyRow | undefined;
    if (!row) return undefined;
    return {
      key: row.key,
      fingerprint: row.fingerprint,
      outcome: JSON.parse(row.outcome) as JsonObject,
      expiresAt: new Date(row.expires),
      stream: row.stream,
      position: position(BigInt(row.position)),
      eventTypes: JSON.parse(row.event_types) as string[],
    };
  }
}
