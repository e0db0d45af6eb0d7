import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { ProjectionRegistry } from '../ports/projection-registry.js';
import { ProjectionNotReadyError } from '../ports/read-model-errors.js';
import type { ParkedEvent, ReadModelStore } from '../ports/read-model-store.js';
import { generationKey, type Generation } from '../projections/generation.js';
import { partitionOf } from '../projections/partition-of.js';
import type { LiveGenerations } from '../projections/live-generations.js';
import { eventTypesOf, type Projection } from '../projections/projection.js';
import { comparePositions, type Position } from '../position.js';
import { ParkedWatch } from './parked-watch.js';
import type { WriteReceipt } from './write-receipt.js';

export type Visibility =
  | { readonly state: 'visible' }
  | { readonly state: 'pending'; readonly waitingFor: readonly string[] }
  /** The projection set one of the write's events aside: the write will not show until it is replayed. */
  | { readonly state: 'parked'; readonly projection: string; readonly event: ParkedEvent };

/**
 * Read-your-writes: tells whether a write is visible in the projections behind a read, and
 * waits (push-based, bounded) until it is. Only projections that handle one of the write's
 * event types are waited for. It follows checkpoints through the change notifier (fed by the
 * runners of this process, or by the store's change log when they run elsewhere), reading a
 * checkpoint from the store only the first time it needs one; a wait follows parked events
 * the same way (see ParkedWatch), reading them at most once per projection, not on every wake.
 * For a partitioned projection it waits for the partition of the write's stream only.
 */
export class ConsistencyWaiter {
  private readonly positions = new Map<string, Position>();
  private readonly waiters = new Set<() => void>();
  private readonly watches = new Set<ParkedWatch>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    notifier: ChangeNotifier,
    registry: ProjectionRegistry,
    private readonly readModels: ReadModelStore,
    private readonly live: LiveGenerations,
  ) {
    this.unsubscribe = [
      notifier.subscribe((change) => {
        // Never back: a store without transactions may announce a late batch (its writer's lease ran out mid-commit) after a newer one.
        const key = generationKey(change);
        const known = this.positions.get(key);
        if (!known || comparePositions(change.position, known) > 0) this.positions.set(key, change.position);
        for (const watch of this.watches) watch.hear(change);
        this.wakeAll();
      }),
      registry.onChange(() => this.wakeAll()),
    ];
  }

  /** The projections among `projections` that the write concerns. */
  concerned(projections: readonly Projection[], receipt: WriteReceipt): Projection[] {
    return projections.filter((projection) => eventTypesOf(projection).some((type) => receipt.eventTypes.includes(type)));
  }

  async check(projections: readonly Projection[], receipt: WriteReceipt): Promise<Visibility> {
    return this.visibility(projections, receipt, undefined);
  }

  /**
   * Resolves once the write is visible or parked, or with `pending` after `timeoutMs`, or as
   * soon as `signal` aborts (the client left: there is no one left to wait for).
   */
  async waitFor(projections: readonly Projection[], receipt: WriteReceipt, timeoutMs: number, signal?: AbortSignal): Promise<Visibility> {
    const deadline = Date.now() + timeoutMs;
    const watch = new ParkedWatch(receipt, this.readModels);
    this.watches.add(watch);
    try {
      for (;;) {
        const changed = this.nextChange();
        const visibility = await this.visibility(projections, receipt, watch);
        const left = deadline - Date.now();
        if (visibility.state !== 'pending' || left <= 0 || signal?.aborted) {
          changed.cancel();
          return visibility;
        }
        let timer: NodeJS.Timeout | undefined;
        let abandon: (() => void) | undefined;
        await Promise.race([
          changed.promise,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, left))),
          new Promise<void>((resolve) => {
            abandon = () => resolve();
            signal?.addEventListener('abort', abandon, { once: true });
          }),
        ]);
        clearTimeout(timer);
        if (abandon) signal?.removeEventListener('abort', abandon);
        changed.cancel();
      }
    } finally {
      this.watches.delete(watch);
    }
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
    this.wakeAll();
  }

  /** `watch` follows the parked events of the projections the write waits for; without one, they are read where needed. */
  private async visibility(projections: readonly Projection[], receipt: WriteReceipt, watch: ParkedWatch | undefined): Promise<Visibility> {
    const parkedEvents = watch ?? new ParkedWatch(receipt, this.readModels);
    const waitingFor: string[] = [];
    for (const projection of this.concerned(projections, receipt)) {
      const live = await this.live.of(projection).catch((error: unknown) => {
        if (error instanceof ProjectionNotReadyError) return undefined;
        throw error;
      });
      // A partitioned projection: the write's stream is in one partition, whose checkpoint is the one to pass.
      const count = projection.partitions ?? 1;
      const generation = live && count > 1 ? { ...live, partition: partitionOf(receipt.stream, count) } : live;
      const position = generation && (await this.positionOf(generation));
      if (!generation || !position || comparePositions(position, receipt.position) < 0) {
        waitingFor.push(projection.name);
        if (generation) await watch?.follow(generation);
        continue;
      }
      const parked = await parkedEvents.parkedEvent(generation);
      if (parked) return { state: 'parked', projection: projection.name, event: parked };
    }
    return waitingFor.length === 0 ? { state: 'visible' } : { state: 'pending', waitingFor };
  }

  private async positionOf(generation: Generation): Promise<Position | undefined> {
    const key = generationKey(generation);
    const known = this.positions.get(key);
    if (known) return known;
    const stored = (await this.readModels.checkpoint(generation)).position;
    if (stored && !this.positions.has(key)) this.positions.set(key, stored);
    return this.positions.get(key);
  }

  private nextChange(): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    return { promise, cancel: () => this.waiters.delete(wake) };
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
