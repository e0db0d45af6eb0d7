import { Worker } from 'node:worker_threads';
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import { entryBeside, threadEntrySource } from '../threads/thread-entry-source.js';
import type { PageSlice } from './event-reader.js';

/** What the thread is started with. */
export interface PageReaderSettings {
  readonly file: string;
  readonly maxEventBytes: number;
  /** The store's id (store_info): the thread reads nothing from a file that is another store by now. */
  readonly storeId: string;
  /** The longest JSON text of a slice (EventReader's; smaller in tests, to reach the rows). */
  readonly sliceBytes?: number;
}

export interface PageReaderRequest {
  readonly id: number;
  readonly filter: EventTypeFilter | undefined;
  readonly from: number;
  readonly maxCount: number;
}

export type PageReaderAnswer = { readonly id: number; readonly slices: PageSlice[] } | { readonly id: number; readonly error: string };

const ENTRY = entryBeside(import.meta.url, 'page-reader-thread-entry');

/**
 * Reads forwards pages of `$all` in a worker thread with its own connection to the events file,
 * so that SQLite gathers a page's text on another core while this thread handles the page before
 * (ReadAhead). Started on the first read, and in the event loop only while a read is asked of
 * it. A thread that fails, exits or answers an error rejects what it was asked and is not asked
 * again (`broken`): reading goes on without it.
 */
export class PageReaderThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (slices: PageSlice[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;
  /** True once the thread failed: asking it again would fail the same way. */
  broken = false;

  constructor(private readonly settings: PageReaderSettings) {}

  /** The slices of the page EventReader.readSlices would read, read in the thread's own snapshot. */
  read(filter: EventTypeFilter | undefined, from: number, maxCount: number): Promise<PageSlice[]> {
    if (this.broken || this.closed) return Promise.reject(new Error('the page reader thread is not running'));
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    // Kept in the event loop while it owes an answer, and only then.
    if (this.waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, filter, from, maxCount } satisfies PageReaderRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('the page reader thread closed'));
    await worker?.terminate();
  }

  private spawn(): Worker {
    const worker = new Worker(threadEntrySource(ENTRY), {
      eval: true,
      workerData: this.settings,
      // It keeps nothing between pages: a small young generation, collected often, keeps its heap small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    worker.on('message', (answer: PageReaderAnswer) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in answer) {
        // What failed once (another store in the file, a query it cannot run) would fail again.
        this.broken = true;
        waiting?.reject(new Error(answer.error));
        // A rows slice crossed the thread boundary as plain bytes: make its ids Buffers again.
      } else waiting?.resolve(answer.slices.map((slice) => ('rows' in slice ? { rows: slice.rows.map((row) => ({ ...row, event_id: Buffer.from(row.event_id) })) } : slice)));
    });
    worker.on('error', (error) => this.stop(worker, error));
    worker.on('exit', (code) => this.stop(worker, new Error(`the page reader thread exited with code ${code}`)));
    // Unreferenced after its listeners (adding one references it again): an idle thread never keeps the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.closed) this.broken = true;
    this.fail(error);
  }

  private fail(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
