import type { SqliteStatement } from '../sqlite-driver.js';
import type { JsonObject } from '../../../core/events.js';
import { generationKey, type Generation } from '../../../core/projections/generation.js';
import type { Batch, CheckpointState, ParkedEvent, ReadModelStore, StoredDocument } from '../../../core/ports/read-model-store.js';
import { faultPoint } from '../../../core/fault-point.js';
import { parkingOf } from '../../../core/ports/parking-of.js';
import { CheckpointMovedError, LeaseLostError } from '../../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../../core/ports/read-model-errors-of.js';
import { parsePosition, position } from '../../../core/position.js';
import type { SqliteDatabase } from '../open-database.js';
import { backfillSearchTerms } from './backfill-search-terms.js';
import { generationDdl } from './generation-ddl.js';
import { GenerationStatements } from './generation-statements.js';
import { tablesOf } from './generation-tables.js';
import { encodeParking } from './parking-json.js';
import type { ReadModelDatabase } from './read-model-database.js';

interface DocumentRow {
  readonly id: string;
  readonly body: string | null;
  readonly commit_pos: bigint;
  readonly prepare_pos: bigint;
  readonly late: string | null;
}

const KEEP_CHANGES = 10_000;

/**
 * The embedded read-model store. A batch, its checkpoint, its parked events and its change-log
 * entry commit in one SQLite transaction, so it is `transactional`: a crash leaves a batch
 * wholly applied or not at all.
 */
export class SqliteReadModelStore implements ReadModelStore {
  readonly capabilities = { transactional: true, consistency: 'transactions (SQLite)', deltas: ['documents'], remote: [] } as const;
  private readonly db: SqliteDatabase;
  private readonly generations = new Map<string, GenerationStatements>();

  constructor(private readonly database: ReadModelDatabase) {
    this.db = database.db;
    // Every failure below that is not the port's own becomes a ReadModelStoreError naming the operation.
    return withReadModelErrors(this, 'read model');
  }

  async prepare(generation: Generation): Promise<void> {
    backfillSearchTerms(this.db, generation);
    this.db.exec(generationDdl(generation));
  }

  async load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    const select = this.statementsOf(generation).of(collection).load;
    const found = new Map<string, StoredDocument>();
    for (const id of ids) {
      const row = select.get(id) as DocumentRow | undefined;
      if (row) found.set(id, toStored(row));
    }
    return found;
  }

  async commit(generation: Generation, batch: Batch): Promise<void> {
    this.commitTransaction(generation, batch);
    this.database.changes.committed();
  }

  async checkpoint(generation: Generation): Promise<CheckpointState> {
    const row = this.statement('SELECT commit_pos, prepare_pos, commits FROM rm_checkpoints WHERE key = ?', true).get(generationKey(generation)) as
      | { commit_pos: bigint; prepare_pos: bigint; commits: bigint }
      | undefined;
    return row ? { position: position(row.commit_pos, row.prepare_pos), commits: Number(row.commits) } : { position: undefined, commits: 0 };
  }

  async parked(generation: Generation): Promise<ParkedEvent[]> {
    const rows = this.statement(
      'SELECT commit_pos, prepare_pos, stream, event_id, event_type, error, attempts, parked_at FROM rm_parked WHERE key = ? ORDER BY commit_pos, prepare_pos',
      true,
    ).all(generationKey(generation)) as {
      commit_pos: bigint;
      prepare_pos: bigint;
      stream: string;
      event_id: string;
      event_type: string;
      error: string;
      attempts: bigint;
      parked_at: bigint;
    }[];
    return rows.map((row) => ({
      position: position(row.commit_pos, row.prepare_pos),
      streamId: row.stream,
      eventId: row.event_id,
      eventType: row.event_type,
      error: row.error,
      attempts: Number(row.attempts),
      parkedAt: new Date(Number(row.parked_at)),
    }));
  }

  async truncate(generation: Generation): Promise<void> {
    this.db.transaction(() => {
      const key = generationKey(generation);
      for (const table of tablesOf(generation)) if (!table.endsWith('_vocab"')) this.db.exec(`DELETE FROM ${table}`);
      this.statement('DELETE FROM rm_checkpoints WHERE key = ?').run(key);
      this.statement('INSERT INTO rm_truncations (key, count) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET count = count + 1').run(key);
      this.statement('DELETE FROM rm_parked WHERE key = ?').run(key);
    })();
    this.database.changes.committed();
  }

  async drop(generation: Generation): Promise<void> {
    // Immediate: a drop takes the write lock at once, instead of failing busy halfway when another writer holds it.
    this.db
      .transaction(() => {
        const key = generationKey(generation);
        for (const table of tablesOf(generation)) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
        this.statement('DELETE FROM rm_checkpoints WHERE key = ?').run(key);
        this.statement('DELETE FROM rm_parked WHERE key = ?').run(key);
        // A generation made again under the same number must not look unchanged to readers that cached the old one.
        this.statement('INSERT INTO rm_truncations (key, count) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET count = count + 1').run(key);
      })
      .immediate();
    this.database.statements.clear();
    this.generations.delete(generationKey(generation));
  }

  async close(): Promise<void> {}

  private commitTransaction(generation: Generation, batch: Batch): void {
    const key = generationKey(generation);
    this.db.transaction(() => {
      const stored = this.database.statements.get('SELECT commits FROM rm_checkpoints WHERE key = ?', { pluck: true }).get(key) as number | undefined;
      if ((stored ?? 0) !== batch.basedOn) throw new CheckpointMovedError(key);
      if (batch.epoch !== undefined) {
        const epoch = this.database.statements.get('SELECT epoch FROM rm_leases WHERE key = ?', { pluck: true }).get(key) as number | undefined;
        if (epoch !== batch.epoch) throw new LeaseLostError(key, batch.epoch);
      }
      const statements = this.statementsOf(generation);
      statements.startBatch();
      for (const write of batch.writes) statements.of(write.collection).write(write.document);
      for (const delta of batch.deltas) for (const step of delta.steps) statements.applyStep(delta.collection, delta.id, step);
      statements.finishBatch();
      for (const parked of batch.parked) {
        this.statement('INSERT OR REPLACE INTO rm_parked (key, commit_pos, prepare_pos, stream, event_id, event_type, error, attempts, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          key, parked.position.commit, parked.position.prepare, parked.streamId, parked.eventId, parked.eventType, parked.error, parked.attempts, parked.parkedAt.getTime(),
        );
      }
      for (const unparked of batch.unparked) {
        this.statement('DELETE FROM rm_parked WHERE key = ? AND commit_pos = ? AND prepare_pos = ?').run(key, unparked.commit, unparked.prepare);
      }
      faultPoint('sqlite-before-checkpoint');
      this.statement(
        `INSERT INTO rm_checkpoints (key, commit_pos, prepare_pos, commits, updated_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, commits = commits + 1, updated_at = excluded.updated_at`,
      ).run(key, batch.checkpoint.commit, batch.checkpoint.prepare, Date.now());
      this.logChange(generation, batch);
      // IMMEDIATE: the write lock is taken, waiting its turn, before the first read. A deferred
      // transaction that reads first cannot wait for it: when another process commits meanwhile,
      // its read snapshot is stale and SQLite fails it at once ("database is locked").
    }).immediate();
  }

  /**
   * Records a batch committed to another store (Elasticsearch keeps no change log), so that
   * processes without workers hear of it.
   */
  async recordChange(generation: Generation, batch: Batch): Promise<void> {
    this.logChange(generation, batch);
    this.database.changes.committed();
  }

  private logChange(generation: Generation, batch: Batch): void {
    const change = this.statement(
      'INSERT INTO rm_changes (projection, generation, part, commit_pos, prepare_pos, document_ids, correlations, parking) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      generation.projection.name,
      generation.generation,
      generation.partition ?? null,
      batch.checkpoint.commit,
      batch.checkpoint.prepare,
      JSON.stringify(batch.documentIds),
      JSON.stringify(batch.correlations),
      encodeParking(parkingOf(batch)),
    );
    const seq = Number(change.lastInsertRowid);
    if (seq % 1_000 === 0) this.statement('DELETE FROM rm_changes WHERE seq <= ?').run(seq - KEEP_CHANGES);
  }

  private statementsOf(generation: Generation): GenerationStatements {
    const key = generationKey(generation);
    let statements = this.generations.get(key);
    if (!statements) {
      statements = new GenerationStatements(this.db, generation);
      this.generations.set(key, statements);
    }
    return statements;
  }

  private statement(sql: string, safeIntegers = false): SqliteStatement {
    return this.database.statements.get(sql, { safeIntegers });
  }
}

function toStored(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    body: row.body === null ? null : (JSON.parse(row.body) as JsonObject),
    position: position(row.commit_pos, row.prepare_pos),
    late: row.late === null ? [] : (JSON.parse(row.late) as string[]).map((text) => parsePosition(text)!),
  };
}
