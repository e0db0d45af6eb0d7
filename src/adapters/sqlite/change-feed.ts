import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SqliteDatabase } from './open-database.js';

/**
 * Tells waiters that the database changed, without polling within a process: commits made
 * through this process call `committed()`. Commits by other processes are noticed through
 * inotify on the database's write-ahead log, confirmed by `PRAGMA data_version` (which changes
 * only when another connection commits), with a slow safety sweep in case a watch event is lost.
 */
export class ChangeFeed {
  private version = 0;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private watcher: FSWatcher | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private dataVersion: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly sweepIntervalMs = 1_000,
  ) {
    this.dataVersion = this.readDataVersion();
  }

  get current(): number {
    return this.version;
  }

  /** Call after every commit made in this process. */
  committed(): void {
    this.dataVersion = this.readDataVersion();
    this.bump();
  }

  /** Resolves on the first change after `seen` (immediately if there was one already). */
  changedSince(seen: number): Promise<void> {
    if (this.version !== seen) return Promise.resolve();
    this.watchOtherProcesses();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** Wakes every waiter without a change: used when a subscription closes. */
  wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    this.watchOtherProcesses();
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    this.listeners.clear();
    this.wakeAll();
  }

  private bump(): void {
    this.version += 1;
    this.wakeAll();
    for (const listener of [...this.listeners]) listener();
  }

  private checkOtherProcesses = (): void => {
    if (!this.db.open) return;
    const now = this.readDataVersion();
    if (now === this.dataVersion) return;
    this.dataVersion = now;
    this.bump();
  };

  private watchOtherProcesses(): void {
    if (this.watcher || this.file === ':memory:') return;
    const wal = `${basename(this.file)}-wal`;
    this.watcher = watch(dirname(this.file), (_event, name) => {
      if (name === wal) this.checkOtherProcesses();
    });
    this.watcher.unref();
    this.sweep = setInterval(this.checkOtherProcesses, this.sweepIntervalMs);
    this.sweep.unref();
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
