import type { ProjectionChange } from '../ports/change-notifier.js';
import type { ParkedEvent, ReadModelStore } from '../ports/read-model-store.js';
import { generationKey, type Generation } from '../projections/generation.js';
import { ParkedView } from './parked-view.js';
import type { WriteReceipt } from './write-receipt.js';

/**
 * What one wait knows of the parked events that could hold its write back, so that it reads
 * them from the store at most once per generation instead of on every wake. A generation that
 * does not cover the write yet is followed: read once, then kept current by the changes the
 * wait hears (see ParkedView). One that covers it is read once when the wait first sees it
 * there, unless it was followed.
 */
export class ParkedWatch {
  private readonly views = new Map<string, ParkedView>();
  /** Generations found covering the write without parking it: that is final (see `parkedEvent`). */
  private readonly cleared = new Set<string>();

  constructor(
    private readonly receipt: WriteReceipt,
    private readonly readModels: ReadModelStore,
  ) {}

  /**
   * Follows a generation that does not cover the write yet; only its first call reads. A view
   * that went stale is not read again: the generation is then read once it covers the write.
   */
  async follow(generation: Generation): Promise<void> {
    const key = generationKey(generation);
    if (this.views.has(key)) return;
    const view = new ParkedView(this.receipt);
    this.views.set(key, view);
    try {
      const { commits } = await this.readModels.checkpoint(generation);
      view.seed(commits, await this.readModels.parked(generation));
    } catch (error) {
      this.views.delete(key);
      throw error;
    }
  }

  /** A change heard while waiting (called before the wait wakes). */
  hear(change: ProjectionChange): void {
    this.views.get(generationKey(change))?.apply(change.parking);
  }

  /**
   * The earliest parked event that holds the write back in a generation that covers it. Once a
   * generation covers the write, it never parks an event at or below it again (later batches
   * park later events; a replay parks only what was parked already), so an answer of none is
   * final for the wait (short of emptying the generation, a development tool).
   */
  async parkedEvent(generation: Generation): Promise<ParkedEvent | undefined> {
    const key = generationKey(generation);
    if (this.cleared.has(key)) return undefined;
    const view = this.views.get(key);
    const event = view?.ready ? view.earliest() : ParkedView.earliestOf(await this.readModels.parked(generation), this.receipt);
    if (!event) this.cleared.add(key);
    return event;
  }
}
