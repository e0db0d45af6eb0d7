import type { RecordedEvent } from '../../src/core/events.js';
import { comparePositions, type Position, type StartFrom } from '../../src/core/position.js';
import type { SourceMessage, SourceSubscription } from '../../src/adapters/eventstoredb/source-subscription.js';

/** What one server subscription does after its `after`th message: fail with an error, or end. */
export interface Drop {
  readonly after: number;
  readonly error?: Error;
}

/**
 * A fake EventStoreDB `$all` for the resubscribing wrapper: events at growing positions, filter
 * checkpoints between them, and subscriptions that fail on a script, the way the client's do
 * (throwing from the iterator, or failing at once on a refused connection). It records where
 * each subscription started, and checks the wrapper never reads a subscription after closing it.
 */
const positionOf = (m: { kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: Position }) => (m.kind === 'event' ? m.event.position : m.position);

export class ScriptedAll {
  readonly opened: StartFrom[] = [];
  private readonly log: ({ kind: 'event'; event: RecordedEvent } | { kind: 'checkpoint'; position: Position })[] = [];
  private readonly drops: (Drop | undefined)[] = [];
  private live: { wake: () => void } | undefined;

  constructor(events: number, options: { readonly checkpointEvery?: number } = {}) {
    for (let i = 1; i <= events; i += 1) this.add(i, options.checkpointEvery);
  }

  /** The script: what the nth subscription (0-based) does. */
  dropping(...drops: (Drop | undefined)[]): this {
    this.drops.push(...drops);
    return this;
  }

  append(n: number): void {
    this.add(n);
    this.live?.wake();
  }

  open = (from: StartFrom): SourceSubscription => {
    const index = this.opened.length;
    this.opened.push(from);
    const drop = this.drops[index];
    let sent = 0;
    let closed = false;
    let caughtUpSent = false;
    const self = this;
    let after: Position | undefined = typeof from === 'object' ? from : undefined;
    const iterator: AsyncIterator<SourceMessage> = {
      async next() {
        if (closed) throw new Error('read after close');
        if (drop && sent >= drop.after) {
          if (drop.error) throw drop.error;
          return { done: true, value: undefined };
        }
        for (;;) {
          const message = self.log.find((m) => after === undefined || comparePositions(positionOf(m), after) > 0);
          if (message) {
            after = positionOf(message);
            sent += 1;
            return { done: false, value: message };
          }
          if (!caughtUpSent) {
            caughtUpSent = true;
            sent += 1;
            return { done: false, value: { kind: 'caughtUp', position: after } };
          }
          await new Promise<void>((resolve) => (self.live = { wake: resolve }));
          if (closed) return { done: true, value: undefined };
        }
      },
    };
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        this.live?.wake();
      },
    };
  };

  private add(n: number, checkpointEvery?: number): void {
    const position = { commit: BigInt(n * 100), prepare: BigInt(n * 100) };
    this.log.push({
      kind: 'event',
      event: { id: `e${n}`, type: 'Tick', streamId: 's', revision: BigInt(n - 1), position, data: { n }, metadata: {}, created: new Date(0) },
    });
    if (checkpointEvery && n % checkpointEvery === 0) this.log.push({ kind: 'checkpoint', position: { commit: position.commit + 50n, prepare: position.prepare + 50n } });
  }
}
