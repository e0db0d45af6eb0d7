import type { SqliteDatabase } from './open-database.js';

/** Where writes go: a transaction shared with the writes around it. */
export interface WriteQueue {
  run<T>(work: () => T): Promise<T>;
}

interface Pending {
  readonly work: () => unknown;
  readonly durable: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs writes in shared transactions. A durable commit costs one fsync, so one writer is
 * fsync-bound; writes that arrive in the same turn of the event loop commit together and pay
 * for one. Each write runs in its own savepoint: one that throws is rolled back and rejected
 * alone, the others commit. No write is acknowledged before its transaction commits.
 *
 * Bookkeeping that a power loss may take back without harm (persistent subscription state: at
 * worst an event is delivered again) is written `durable: false`; a transaction holding only
 * such writes commits without an fsync (synchronous=NORMAL), whatever the store's setting.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: Pending[]) => unknown[];
  private readonly totalChanges: () => number;
  private synchronous: string;

  constructor(
    private readonly db: SqliteDatabase,
    /** The store's synchronous level for durable writes: FULL or NORMAL. */
    private readonly durableLevel: 'FULL' | 'NORMAL',
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
    this.synchronous = durableLevel;
  }

  /** A queue for bookkeeping writes: same transactions, no fsync of their own. */
  bookkeeping(): WriteQueue {
    return { run: (work) => this.run(work, { durable: false }) };
  }

  /** Runs `work` inside a write transaction; resolves with its result once that commits. */
  run<T>(work: () => T, options: { readonly durable?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject });
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
      this.setSynchronous(batch.some((pending) => pending.durable) ? this.durableLevel : 'NORMAL');
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

  private setSynchronous(level: 'FULL' | 'NORMAL'): void {
    if (level === this.synchronous) return;
    this.db.pragma(`synchronous = ${level}`);
    this.synchronous = level;
  }
}
