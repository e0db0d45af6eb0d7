import type { SqliteDatabase } from './open-database.js';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs writes in shared transactions. A durable commit costs one fsync, so one writer is
 * fsync-bound; writes that arrive in the same turn of the event loop commit together and pay
 * for one. Each write runs in its own savepoint: one that throws is rolled back and rejected
 * alone, the others commit. No write is acknowledged before its transaction commits.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: Pending[]) => unknown[];
  private readonly totalChanges: () => number;

  constructor(
    private readonly db: SqliteDatabase,
    /** Called after each commit that changed something. */
    private readonly afterCommit: () => void,
    private readonly toError: (cause: unknown) => unknown,
  ) {
    const runOne = db.transaction((work: () => unknown) => work());
    const runAll = db.transaction((batch: Pending[]) =>
      batch.map((pending) => {
        try {
          return { ok: true, value: runOne(pending.work) };
        } catch (error) {
          return { ok: false, value: error };
        }
      }),
    );
    this.runBatch = (batch) => runAll.immediate(batch);
    const totalChanges = db.prepare('SELECT total_changes()').pluck();
    this.totalChanges = () => totalChanges.get() as number;
  }

  /** Runs `work` inside a write transaction; resolves with its result once that commits. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private flush = (): void => {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: unknown[];
    let changed: boolean;
    try {
      const changesBefore = this.totalChanges();
      outcomes = this.runBatch(batch);
      changed = this.totalChanges() !== changesBefore;
    } catch (cause) {
      const error = this.toError(cause);
      for (const pending of batch) pending.reject(error);
      return;
    }
    if (changed) this.afterCommit();
    outcomes.forEach((outcome, index) => {
      const { ok, value } = outcome as { ok: boolean; value: unknown };
      const pending = batch[index]!;
      if (ok) pending.resolve(value);
      else pending.reject(value);
    });
  };
}
