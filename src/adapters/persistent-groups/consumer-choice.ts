// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { ConsumerStrategy } from '../../core/ports/persistent-subscriptions.js';

/** A pending message as the choice sees it: its stream pin, a number or the text of one. */
export interface PinnedMessage {
  readonly pin: number | string;
}

/** Which consumer takes each pending event, by the group's strategy; remembers where round-robin left off. */
export class ConsumerChoice {
  private roundRobin = 0;

  /**
   * Gives pending messages, oldest first, to the consumers with free room (`free[i]` for
   * `consumerIds[i]`); returns each chosen consumer's messages, in the order first chosen.
   * Stops at the first message no one may take, except under Pinned, where a message whose
   * consumer is full waits and the next ones still go to theirs.
   */
  distribute<M extends PinnedMessage>(strategy: ConsumerStrategy, consumerIds: readonly string[], free: readonly number[], pending: readonly M[]): Map<string, M[]> {
    const room = [...free];
    const chosen = new Map<string, M[]>();
    for (const message of pending) {
      const index = this.choose(strategy, Number(message.pin), room);
      if (index < 0) {
        if (strategy === 'Pinned') continue;
        break;
      }
      room[index]! -= 1;
      const consumerId = consumerIds[index]!;
      const messages = chosen.get(consumerId);
      if (messages) messages.push(message);
      else chosen.set(consumerId, [message]);
    }
    return chosen;
  }

  /** The index of the consumer, given each one's free room and the event's stream pin; -1 when none may take it now. */
  private choose(strategy: ConsumerStrategy, pin: number, free: readonly number[]): number {
    if (strategy === 'DispatchToSingle') return free.findIndex((f) => f > 0);
    if (strategy === 'Pinned') {
      const index = pin % free.length;
      return free[index]! > 0 ? index : -1;
    }
    for (let k = 0; k < free.length; k += 1) {
      const index = (this.roundRobin + k) % free.length;
      if (free[index]! > 0) {
        this.roundRobin = index + 1;
        return index;
      }
    }
    return -1;
  }
}
