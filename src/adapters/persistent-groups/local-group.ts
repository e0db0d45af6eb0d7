// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { GroupConsumer } from './group-consumer.js';
import { LocalConsumers } from './local-consumers.js';
import { RoundScheduler } from './round-scheduler.js';

/** What a group's dispatcher gives its local side: the engine's round and notifications. */
export interface LocalGroupOptions {
  /** How often a round runs anyway, to renew consumers and catch deadlines. */
  readonly heartbeatMs: number;
  /** One dispatch round: the engine's transaction, then handing out what it assigned here. */
  round(): Promise<void>;
  /** A round threw; the rounds asked for so far end there. */
  failed(error: unknown): void;
  /** Starts listening to the engine's change notifications (each calls for a round, or not); returns what stops it. */
  listen(): () => void;
  /** The last local consumer is gone and the group no longer wakes up. */
  idle(): void;
}

/**
 * This process's side of one group: its consumers, and the rounds run for them, woken by a
 * heartbeat timer and by the engine's notifications while at least one consumer is here.
 */
export class LocalGroup<Key> {
  readonly consumers = new LocalConsumers<Key>();
  private readonly rounds: RoundScheduler;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: LocalGroupOptions) {
    this.rounds = new RoundScheduler(
      () => options.round(),
      () => this.consumers.size === 0,
      (error) => options.failed(error),
    );
  }

  /** Asks for a round soon. */
  schedule(): void {
    this.rounds.schedule();
  }

  /** Stores the consumer's membership (`store`, the engine's I/O), then starts delivering to it; a failed join stops the group if no one is here. */
  async join(consumer: GroupConsumer<Key>, store: () => Promise<void>, giveBack: () => Promise<void>): Promise<void> {
    try {
      await store();
    } catch (error) {
      if (this.consumers.size === 0) this.stop();
      throw error;
    }
    if (!consumer.isOpen) {
      // Closed while its membership was being stored: its leave found nothing to remove, so
      // nothing would ever retire it, and events dispatched to it would time out into parking.
      await this.leave(consumer, giveBack);
      return;
    }
    this.consumers.add(consumer);
    this.timer ??= setInterval(() => this.schedule(), this.options.heartbeatMs);
    this.stopListening ??= this.options.listen();
    this.schedule();
  }

  /** Stops delivering to the consumer, gives back what it held (`giveBack`, the engine's I/O), and stops the group once no one is here. */
  async leave(consumer: GroupConsumer<Key>, giveBack: () => Promise<void>): Promise<void> {
    this.consumers.remove(consumer);
    try {
      await giveBack();
    } finally {
      if (this.consumers.size === 0) this.stop();
      else this.schedule();
    }
  }

  /** Ends every local consumer with `error`: the group is gone. */
  drop(error: Error): void {
    this.consumers.endAll(error);
    this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
    this.options.idle();
  }
}
