import type { AllStreamResolvedEvent, AllStreamSubscription, CaughtUp, FellBehind, Position as ClientPosition } from '@kurrent/kurrentdb-client';
import { isSystemEventType } from '../../core/events.js';
import { positionOf } from './position-of.js';
import { recordedEventOf } from './recorded-event-of.js';
import type { SourceMessage, SourceSubscription } from './source-subscription.js';

interface Marker {
  /** Delivered once this many events were taken from the client's buffer. */
  readonly after: number;
  readonly message: SourceMessage;
}

/**
 * The client's catch-up subscription as one ordered stream of messages. The client hands events
 * through its Readable buffer but reports `caughtUp`, `fellBehind` (emitted events) and checkpoints
 * (an awaited callback) the moment it parses them, ahead of the events still buffered. So each
 * such marker remembers how many events were before it (taken so far plus still buffered) and is
 * delivered only once those were: a checkpoint never overtakes an event below it.
 */
export class ClientSource implements SourceSubscription, AsyncIterator<SourceMessage> {
  private subscription: AllStreamSubscription | undefined;
  private iterator: AsyncIterator<AllStreamResolvedEvent> | undefined;
  private readonly markers: Marker[] = [];
  private taken = 0;
  private pending: Promise<IteratorResult<AllStreamResolvedEvent>> | undefined;
  private wake: () => void = () => undefined;
  private closed = false;

  /** `open` receives the checkpoint callback to put in the subscription's filter. */
  constructor(open: (checkpointReached: (subscription: AllStreamSubscription, position: ClientPosition) => void) => AllStreamSubscription) {
    const subscription = open((_subscription, position) => {
      const at = positionOf(position);
      if (at) this.mark({ kind: 'checkpoint', position: at });
    });
    subscription.on('caughtUp', (info: CaughtUp) => this.mark({ kind: 'caughtUp', position: positionOf(info.position) }));
    subscription.on('fellBehind', (info: FellBehind) => this.mark({ kind: 'fellBehind', position: positionOf(info.position) }));
    this.subscription = subscription;
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterator<SourceMessage> {
    return this;
  }

  async next(): Promise<IteratorResult<SourceMessage>> {
    for (;;) {
      const due = this.markers[0];
      if (due && due.after <= this.taken) {
        this.markers.shift();
        return { done: false, value: due.message };
      }
      if (this.closed || !this.iterator) return { done: true, value: undefined };
      this.pending ??= this.iterator.next();
      const marked = new Promise<'marked'>((resolve) => (this.wake = () => resolve('marked')));
      const result = await Promise.race([this.pending, marked]);
      if (result === 'marked') continue;
      this.pending = undefined;
      if (result.done) return { done: true, value: undefined };
      this.taken += 1;
      const event = result.value.event;
      if (!event || isSystemEventType(event.type)) continue;
      return { done: false, value: { kind: 'event', event: recordedEventOf(event, result.value.commitPosition) } };
    }
  }

  async return(): Promise<IteratorResult<SourceMessage>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    const subscription = this.subscription;
    this.subscription = undefined;
    this.iterator = undefined;
    this.pending?.catch(() => undefined);
    await subscription?.unsubscribe().catch(() => undefined);
    subscription?.destroy();
  }

  private mark(message: SourceMessage): void {
    this.markers.push({ after: this.taken + (this.subscription?.readableLength ?? 0), message });
    this.wake();
  }
}
