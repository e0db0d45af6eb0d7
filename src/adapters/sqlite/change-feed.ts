import { watch, type FSWatcher } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { basename, dirname } from 'node:path';
import type { SqliteDatabase } from './open-database.js';

/**
 * Tells waiters that the database changed, without polling within a process: commits made
 * through this connection call `committed()`. Other connections to the file in this process
 * (the projection thread's, say) hear of them at once on a BroadcastChannel named after the
 * file. Commits by other processes are noticed through inotify on the database's write-ahead
 * log. Either way `PRAGMA data_version` (which changes only when another connection commits)
 * confirms it, and a slow safety sweep covers a lost watch event.
 */
const RECHECK_DELAYS_MS = [1, 2, 5, 10, 20];

export class ChangeFeed {
  private version = 0;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Set<(external: boolean) => void>();
  private watcher: FSWatcher | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private dataVersion: number;
  private recheck: NodeJS.Timeout | undefined;
  private readonly siblings: BroadcastChannel | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly sweepIntervalMs = 1_000,
  ) {
    this.dataVersion = this.readDataVersion();
    if (file !== ':memory:') {
      this.siblings = new BroadcastChannel(`projectionist-change-feed:${file}`);
      this.siblings.onmessage = () => this.onLogWritten();
      this.siblings.unref();
    }
  }

  get current(): number {
    return this.version;
  }

  /** Call after every commit made in this process. */
  committed(): void {
    this.dataVersion = this.readDataVersion();
    this.siblings?.postMessage(null);
    this.bump(false);
  }

  /** Resolves on the first change after `seen` (immediately if there was one already). */
  changedSince(seen: number): Promise<void> {
    if (this.version !== seen) return Promise.resolve();
    this.watchOtherProcesses();
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      this.keepAliveWhileWaited();
    });
  }

  /** Wakes every waiter without a change: used when a subscription closes. */
  wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    this.keepAliveWhileWaited();
    for (const wake of waiters) wake();
  }

  /** Calls `listener` after every change, saying whether another process made it; returns the unsubscribe function. */
  onChange(listener: (external: boolean) => void): () => void {
    this.listeners.add(listener);
    this.watchOtherProcesses();
    this.keepAliveWhileWaited();
    return () => {
      this.listeners.delete(listener);
      this.keepAliveWhileWaited();
    };
  }

  close(): void {
    this.siblings?.close();
    this.watcher?.close();
    this.watcher = undefined;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
    clearTimeout(this.recheck);
    this.listeners.clear();
    this.wakeAll();
  }

  private bump(external: boolean): void {
    this.version += 1;
    this.wakeAll();
    for (const listener of [...this.listeners]) listener(external);
  }

  private checkOtherProcesses = (): boolean => {
    if (!this.db.open) return false;
    const now = this.readDataVersion();
    if (now === this.dataVersion) return false;
    this.dataVersion = now;
    this.bump(true);
    return true;
  };

  /**
   * The log is written before the commit is published (after its fsync), so a write seen by
   * inotify may not be visible yet: look again a few times over the next milliseconds.
   */
  private onLogWritten = (): void => {
    if (this.checkOtherProcesses() || this.recheck) return;
    let attempt = 0;
    const again = () => {
      this.recheck = undefined;
      if (this.checkOtherProcesses() || attempt >= RECHECK_DELAYS_MS.length) return;
      this.recheck = setTimeout(again, RECHECK_DELAYS_MS[attempt++]);
    };
    this.recheck = setTimeout(again, RECHECK_DELAYS_MS[attempt++]);
  };

  private watchOtherProcesses(): void {
    if (this.watcher || this.file === ':memory:') return;
    const wal = `${basename(this.file)}-wal`;
    this.watcher = watch(dirname(this.file), (_event, name) => {
      if (name === wal) this.onLogWritten();
    });
    this.sweep = setInterval(() => this.checkOtherProcesses(), this.sweepIntervalMs);
    this.keepAliveWhileWaited();
  }

  /** Someone waiting on another process keeps this one alive; an idle watch does not. */
  private keepAliveWhileWaited(): void {
    const waited = this.waiters.size > 0 || this.listeners.size > 0;
    if (waited) {
      this.watcher?.ref();
      this.sweep?.ref();
    } else {
      this.watcher?.unref();
      this.sweep?.unref();
    }
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
