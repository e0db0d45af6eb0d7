import type { GenerationLeases, LeaseRoster } from '../../../core/ports/generation-leases.js';
import { LeaseLostError } from '../../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../../core/ports/read-model-errors-of.js';
import type { ReadModelDatabase } from './read-model-database.js';

interface LeaseRow {
  readonly owner: string | null;
  readonly epoch: number;
  readonly expires_at: number;
}

/**
 * Generation leases in the read models' file (`rm_leases`), beside the checkpoints they fence:
 * the store's commit reads the epoch in its own transaction. A claim is one immediate
 * transaction, so two processes never both win one.
 */
export class SqliteGenerationLeases implements GenerationLeases {
  constructor(private readonly database: ReadModelDatabase) {
    return withReadModelErrors(this, 'lease');
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<number | undefined> {
    const { db, statements } = this.database;
    return db
      .transaction(() => {
        const now = Date.now();
        const row = statements.get('SELECT owner, epoch, expires_at FROM rm_leases WHERE key = ?').get(key) as LeaseRow | undefined;
        if (row && row.owner !== owner && row.owner !== null && row.expires_at > now) return undefined;
        const epoch = row?.owner === owner ? row.epoch : (row?.epoch ?? 0) + 1;
        statements
          .get('INSERT INTO rm_leases (key, owner, epoch, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at')
          .run(key, owner, epoch, now + ttlMs);
        return epoch;
      })
      .immediate();
  }

  async fence(key: string, epoch: number): Promise<void> {
    const newest = this.database.statements.get('SELECT epoch FROM rm_leases WHERE key = ?', { pluck: true }).get(key) as number | undefined;
    if (newest !== epoch) throw new LeaseLostError(key, epoch);
  }

  async release(key: string, owner: string): Promise<void> {
    this.database.statements.get('UPDATE rm_leases SET owner = NULL, expires_at = 0 WHERE key = ? AND owner = ?').run(key, owner);
  }

  async heartbeat(owner: string, ttlMs: number): Promise<void> {
    const now = Date.now();
    this.database.statements
      .get('INSERT INTO rm_workers (owner, seen_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at')
      .run(owner, now, now + ttlMs);
  }

  async leave(owner: string): Promise<void> {
    this.database.statements.get('DELETE FROM rm_workers WHERE owner = ?').run(owner);
  }

  /** Expired workers are deleted as the roster is read: a worker that died leaves no row behind for long. */
  async roster(): Promise<LeaseRoster> {
    const { db, statements } = this.database;
    return db.transaction(() => {
      const now = Date.now();
      statements.get('DELETE FROM rm_workers WHERE expires_at <= ?').run(now);
      const workers = statements.get('SELECT owner, seen_at, expires_at FROM rm_workers ORDER BY owner').all() as { owner: string; seen_at: number; expires_at: number }[];
      const leases = statements.get('SELECT key, owner, epoch, expires_at FROM rm_leases WHERE owner IS NOT NULL AND expires_at > ? ORDER BY key').all(now) as (LeaseRow & { key: string; owner: string })[];
      return {
        workers: workers.map((row) => ({ owner: row.owner, seenAt: new Date(row.seen_at), expiresAt: new Date(row.expires_at) })),
        leases: leases.map((row) => ({ key: row.key, owner: row.owner, epoch: row.epoch, expiresAt: new Date(row.expires_at) })),
      };
    }).immediate();
  }
}
