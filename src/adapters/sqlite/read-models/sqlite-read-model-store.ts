import type { JsonObject, JsonValue } from '../../../core/events.js';
import { generationKey, type Generation } from '../../../core/projections/generation.js';
import type { Batch, CheckpointState, ParkedEvent, ReadModelStore, StoredDocument } from '../../../core/ports/read-model-store.js';
import { CheckpointMovedError, ReadModelStoreError } from '../../../core/ports/read-model-errors.js';
import { formatPosition, parsePosition, position } from '../../../core/position.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../open-database.js';
import { columnFields, columnOf, generationDdl, textFields } from './generation-ddl.js';
import { documentTable, searchIndexTable, searchTable, tablesOf } from './generation-tables.js';
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
  readonly capabilities = { transactional: true, consistency: 'transactions (SQLite)' } as const;
  private readonly db: SqliteDatabase;

  constructor(private readonly database: ReadModelDatabase) {
    this.db = database.db;
  }

  async prepare(generation: Generation): Promise<void> {
    this.guard('prepare', () => this.db.exec(generationDdl(generation)));
  }

  async load(generation: Generation, collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    return this.guard('load', () => {
      const table = this.tableOf(generation, collection);
      const select = this.statement(`SELECT id, body, commit_pos, prepare_pos, late FROM ${table} WHERE id = ?`, true);
      const found = new Map<string, StoredDocument>();
      for (const id of ids) {
        const row = select.get(id) as DocumentRow | undefined;
        if (row) found.set(id, toStored(row));
      }
      return found;
    });
  }

  async commit(generation: Generation, batch: Batch): Promise<void> {
    this.guard('commit', () => this.commitTransaction(generation, batch));
    this.database.changes.committed();
  }

  async checkpoint(generation: Generation): Promise<CheckpointState> {
    return this.guard('checkpoint', () => {
      const row = this.statement('SELECT commit_pos, prepare_pos, commits FROM rm_checkpoints WHERE key = ?', true).get(generationKey(generation)) as
        | { commit_pos: bigint; prepare_pos: bigint; commits: bigint }
        | undefined;
      return row ? { position: position(row.commit_pos, row.prepare_pos), commits: Number(row.commits) } : { position: undefined, commits: 0 };
    });
  }

  async parked(generation: Generation): Promise<ParkedEvent[]> {
    return this.guard('parked', () => {
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
    });
  }

  async truncate(generation: Generation): Promise<void> {
    this.guard('truncate', () =>
      this.db.transaction(() => {
        const key = generationKey(generation);
        for (const table of tablesOf(generation)) if (!table.endsWith('_vocab"')) this.db.exec(`DELETE FROM ${table}`);
        this.statement('DELETE FROM rm_checkpoints WHERE key = ?').run(key);
        this.statement('DELETE FROM rm_parked WHERE key = ?').run(key);
      })(),
    );
    this.database.changes.committed();
  }

  async drop(generation: Generation): Promise<void> {
    this.guard('drop', () =>
      this.db.transaction(() => {
        const key = generationKey(generation);
        for (const table of tablesOf(generation)) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
        this.statement('DELETE FROM rm_checkpoints WHERE key = ?').run(key);
        this.statement('DELETE FROM rm_parked WHERE key = ?').run(key);
      })(),
    );
    this.database.statements.clear();
  }

  async close(): Promise<void> {}

  private commitTransaction(generation: Generation, batch: Batch): void {
    const key = generationKey(generation);
    this.db.transaction(() => {
      const stored = this.statement('SELECT commits FROM rm_checkpoints WHERE key = ?').pluck().get(key) as number | undefined;
      if ((stored ?? 0) !== batch.basedOn) throw new CheckpointMovedError(key);
      for (const write of batch.writes) this.write(generation, write.collection, write.document);
      for (const parked of batch.parked) {
        this.statement('INSERT OR REPLACE INTO rm_parked (key, commit_pos, prepare_pos, stream, event_id, event_type, error, attempts, parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          key, parked.position.commit, parked.position.prepare, parked.streamId, parked.eventId, parked.eventType, parked.error, parked.attempts, parked.parkedAt.getTime(),
        );
      }
      for (const unparked of batch.unparked) {
        this.statement('DELETE FROM rm_parked WHERE key = ? AND commit_pos = ? AND prepare_pos = ?').run(key, unparked.commit, unparked.prepare);
      }
      this.statement(
        `INSERT INTO rm_checkpoints (key, commit_pos, prepare_pos, commits, updated_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, commits = commits + 1, updated_at = excluded.updated_at`,
      ).run(key, batch.checkpoint.commit, batch.checkpoint.prepare, Date.now());
      const change = this.statement(
        'INSERT INTO rm_changes (projection, generation, commit_pos, prepare_pos, document_ids, correlation_ids) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(generation.projection.name, generation.generation, batch.checkpoint.commit, batch.checkpoint.prepare, JSON.stringify(batch.documentIds), JSON.stringify(batch.correlationIds));
      const seq = Number(change.lastInsertRowid);
      if (seq % 1_000 === 0) this.statement('DELETE FROM rm_changes WHERE seq <= ?').run(seq - KEEP_CHANGES);
    })();
  }

  private write(generation: Generation, collection: string, document: StoredDocument): void {
    const body = document.body === null ? null : JSON.stringify(document.body);
    const late = document.late.length === 0 ? null : JSON.stringify(document.late.map(formatPosition));
    const { commit, prepare } = document.position;
    const target = generation.projection.target;
    if (target.kind === 'documents') {
      this.statement(
        `INSERT INTO ${documentTable(generation, collection)} (id, body, commit_pos, prepare_pos, late) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, late = excluded.late`,
      ).run(document.id, body, commit, prepare, late);
      return;
    }
    const columns = columnFields(target);
    const values = columns.map(([field]) => sqlValue(document.body?.[field]));
    const table = searchTable(generation);
    const rowid = this.statement(
      `INSERT INTO ${table} (id, body, commit_pos, prepare_pos, late${columns.map(([f]) => `, ${columnOf(f)}`).join('')})
       VALUES (?, ?, ?, ?, ?${columns.map(() => ', ?').join('')})
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, commit_pos = excluded.commit_pos, prepare_pos = excluded.prepare_pos, late = excluded.late
       ${columns.map(([f]) => `, ${columnOf(f)} = excluded.${columnOf(f)}`).join('')}
       RETURNING rowid`,
    )
      .pluck()
      .get(document.id, body, commit, prepare, late, ...values) as number;
    const index = searchIndexTable(generation);
    this.statement(`DELETE FROM ${index} WHERE rowid = ?`).run(rowid);
    if (document.body) {
      const texts = textFields(target);
      this.statement(`INSERT INTO ${index} (rowid, ${texts.join(', ')}) VALUES (?${texts.map(() => ', ?').join('')})`).run(
        rowid,
        ...texts.map((field) => textOf(document.body![field])),
      );
    }
  }

  private tableOf(generation: Generation, collection: string): string {
    return generation.projection.target.kind === 'documents' ? documentTable(generation, collection) : searchTable(generation);
  }

  private statement(sql: string, safeIntegers = false): Statement<unknown[]> {
    return this.database.statements.get(sql, { safeIntegers });
  }

  private guard<T>(operation: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof CheckpointMovedError) throw error;
      throw new ReadModelStoreError(operation, error);
    }
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

function sqlValue(value: JsonValue | undefined): string | number | null {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function textOf(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}

