import type { AllSubscription, SubscriptionMessage } from '../../core/ports/all-subscription.js';
import { EventStoreUnavailableError } from '../../core/ports/event-store-errors.js';
import { comparePositions, type Position, type StartFrom } from '../../core/position.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { isTransient } from './is-transient.js';
import type { OpenSource, SourceMessage, SourceSubscription } from './source-subscription.js';

export interface ResubscribeOptions {
  readonly backoff?: BackoffOptions;
  /** Told of each drop that will be retried: log it, count it. */
  readonly onRetry?: (error: unknown, delayMs: number) => void;
  /** Told when the subscription goes live (`caughtUp`) or falls back to catching up (`fellBehind`). */
  readonly onLiveChange?: (live: boolean, position: Position | undefined) => void;
  /**
   * Turns a start from `'end'` into the head's position before the first subscription, so that a
   * drop before the first message resumes from there, not from a later end. Without it, `'end'`
   * is passed to the server as it is.
   */
  readonly resolveEnd?: () => Promise<StartFrom>;
  /** Waits `ms` or until `interrupted` resolves. Injected by tests; defaults to a timer. */
  readonly sleep?: (ms: number, interrupted: Promise<void>) => Promise<void>;
}

/** The server ended a subscription that was not closed: treated as a dropped connection. */
class SubscriptionEndedError extends Error {
  override readonly name = 'SubscriptionEndedError';
  constructor() {
    super('the server ended the subscription');
  }
}

/**
 * A catch-up subscription to `$all` that outlives its server subscriptions. EventStoreDB's never
 * resubscribe by themselves; this one, when its subscription drops for a reason that passes (a
 * refused connection, UNAVAILABLE, "Server Is Not Ready", a leader change, the server ending the
 * stream), waits with backoff and subscribes again from the last position it delivered: the last
 * event's, or the last checkpoint's. It pulls one message at a time, so nothing is held between a
 * drop and the resubscription: nothing is lost, and nothing is delivered twice (an event at or
 * below the last delivered position is dropped, should a server repeat one). `caughtUp` is
 * delivered once, as the port says; later ones and `fellBehind` go to `onLiveChange`. Other
 * failures end the iteration with `EventStoreUnavailableError`.
 */
export class ResubscribingSubscription implements AllSubscription, AsyncIterator<SubscriptionMessage> {
  private from: StartFrom;
  private source: SourceSubscription | undefined;
  private iterator: AsyncIterator<SourceMessage> | undefined;
  private caughtUpSent = false;
  private lastWasEvent = false;
  /** Messages due after the one just delivered (a caughtUp that followed its checkpoint). */
  private readonly queued: SubscriptionMessage[] = [];
  private closed = false;
  private readonly backoff: Backoff;
  private readonly closing: Promise<void>;
  private signalClosed: () => void = () => undefined;

  constructor(
    private readonly open: OpenSource,
    from: StartFrom,
    private readonly options: ResubscribeOptions = {},
  ) {
    this.from = from;
    this.backoff = new Backoff(options.backoff);
    this.closing = new Promise<void>((resolve) => (this.signalClosed = resolve));
  }

  /** Where a resubscription would start now. */
  get resumeFrom(): StartFrom {
    return this.from;
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this;
  }

  async next(): Promise<IteratorResult<SubscriptionMessage>> {
    while (!this.closed) {
      const queued = this.queued.shift();
      if (queued) return { done: false, value: queued };
      let message: SourceMessage;
      try {
        if (!this.iterator) {
          if (this.from === 'end' && this.options.resolveEnd) this.from = await this.options.resolveEnd();
          this.source = this.open(this.from);
          this.iterator = this.source[Symbol.asyncIterator]();
        }
        const result = await Promise.race([this.iterator.next(), this.closing.then(() => 'closed' as const)]);
        if (result === 'closed') break;
        if (result.done) throw new SubscriptionEndedError();
        message = result.value;
      } catch (error) {
        await this.drop();
        if (this.closed) break;
        if (!isTransient(error) && !(error instanceof SubscriptionEndedError)) throw new EventStoreUnavailableError('subscribeToAll', error);
        const delayMs = this.backoff.next();
        this.options.onRetry?.(error, delayMs);
        await (this.options.sleep ?? sleep)(delayMs, this.closing);
        continue;
      }
      this.backoff.reset();
      const delivered = this.accept(message);
      if (delivered) return { done: false, value: delivered };
    }
    await this.drop(); // a source opened while close() ran
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<SubscriptionMessage>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.queued.length = 0;
    await this.drop();
  }

  /** What of a server message reaches the consumer, moving the resume position as it goes. */
  private accept(message: SourceMessage): SubscriptionMessage | undefined {
    switch (message.kind) {
      case 'event':
        if (!this.advance(message.event.position)) return undefined;
        this.lastWasEvent = true;
        return message;
      case 'checkpoint':
        if (!this.advance(message.position)) return undefined;
        this.lastWasEvent = false;
        return message;
      case 'caughtUp': {
        // Everything up to the head was scanned. When the consumer was crossing a filtered stretch
        // (the last thing it got was not an event), that is said as a checkpoint, so the stretch's
        // tail, shorter than a server search window, moves it too.
        const checkpoint = message.position && !this.lastWasEvent && this.advance(message.position) ? ({ kind: 'checkpoint', position: message.position } as const) : undefined;
        this.options.onLiveChange?.(true, message.position);
        const caughtUp = this.caughtUpSent ? undefined : ({ kind: 'caughtUp', position: message.position } as const);
        this.caughtUpSent = true;
        if (checkpoint && caughtUp) this.queued.push(caughtUp);
        return checkpoint ?? caughtUp;
      }
      case 'fellBehind':
        this.options.onLiveChange?.(false, message.position);
        return undefined;
    }
  }

  /** Moves the resume position forwards; false when `position` is not beyond it (a repeat). */
  private advance(position: Position): boolean {
    if (typeof this.from === 'object' && comparePositions(position, this.from) <= 0) return false;
    this.from = position;
    return true;
  }

  private async drop(): Promise<void> {
    const source = this.source;
    this.source = undefined;
    this.iterator = undefined;
    await source?.close().catch(() => undefined);
  }
}

function sleep(ms: number, interrupted: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), interrupted]).finally(() => clearTimeout(timer));
}
