import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { ConsistencyWaiter } from '../../src/core/consistency/consistency-waiter.js';
import type { WriteReceipt } from '../../src/core/consistency/write-receipt.js';
import type { ReadModelStore } from '../../src/core/ports/read-model-store.js';
import type { Projection } from '../../src/core/projections/projection.js';
import { comparePositions, formatPosition, position } from '../../src/core/position.js';
import { eventually } from '../support/async.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { testPlatform } from '../support/test-platform.js';

/** A gate a handler waits at: open until `close`, then held until `open`. */
function gate() {
  let opened: Promise<void> = Promise.resolve();
  let release = () => {};
  return {
    pass: () => opened,
    close: () => void (opened = new Promise<void>((resolve) => (release = resolve))),
    open: () => release(),
  };
}

/** A tally projection whose handler waits at `held` first. */
function heldTally(name: string, held: ReturnType<typeof gate>, failOn = new Set<number>()): Projection {
  const { projection } = tallyProjection({ name, failOn });
  const count = projection.handlers.Counted!;
  return { ...projection, handlers: { Counted: async (event, context) => (await held.pass(), count(event, context)) } };
}

describe('consistency waits: parked events followed through the change notifications', function () {
  let platform: Platform | undefined;
  let waiter: ConsistencyWaiter | undefined;
  let parkedReads: number;
  let held: ReturnType<typeof gate>;
  beforeEach(function () {
    held = gate();
  });
  afterEach(async function () {
    held.open();
    waiter?.close();
    await platform?.close();
    platform = undefined;
    waiter = undefined;
  });

  /** A waiter of its own over the platform's store, counting the store's `parked` reads. */
  const countingWaiter = (running: Platform) => {
    parkedReads = 0;
    const counting = new Proxy(running.readModels, {
      get: (target, property) => {
        if (property === 'parked') return (...args: Parameters<ReadModelStore['parked']>) => ((parkedReads += 1), target.parked(...args));
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return new ConsistencyWaiter(running.notifier, running.registry, counting, running.live);
  };
  const covers = async (running: Platform, name: string, receipt: WriteReceipt) => {
    const { position: at } = await running.readModels.checkpoint(await running.generations.live(name));
    expect(at && comparePositions(at, receipt.position) >= 0).to.equal(true);
  };
  const wake = (running: Platform, n: number) =>
    running.notifier.publish({ projection: 'Elsewhere', generation: 1, position: position(BigInt(n)), documentIds: [], correlationIds: [], correlations: [] });

  it('reads a projection’s parked events once per wait, not on every wake', async function () {
    const fast = tallyProjection({ name: 'Fast' }).projection;
    const slow = heldTally('Slow', held);
    platform = await testPlatform({ projections: [fast, slow] });
    waiter = countingWaiter(platform);
    await platform.start();
    held.close();
    const written = await platform.eventStore.appendToStream('s1', [counted(1)]);
    const receipt: WriteReceipt = { position: written.position, eventTypes: ['Counted'], stream: 's1' };
    await eventually(() => covers(platform!, 'Fast', receipt));

    const visibility = waiter.waitFor([fast, slow], receipt, 10_000);
    for (let n = 1; n <= 30; n += 1) {
      wake(platform, n);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    held.open();
    expect(await visibility).to.deep.equal({ state: 'visible' });
    // Fast, read once where it already covered the write; Slow, read once when the wait began following it.
    expect(parkedReads).to.equal(2);
  });

  it('ends the wait with the event parked before it began, once the write is parked behind it', async function () {
    const tally = heldTally('Tally', held, new Set([2]));
    platform = await testPlatform({ projections: [tally] });
    waiter = countingWaiter(platform);
    await platform.start();
    await platform.eventStore.appendToStream('s1', [counted(1), counted(2)]);
    await eventually(async () => expect(await platform!.generations.parked('Tally')).to.have.length(1));
    const [poison] = await platform.generations.parked('Tally');

    // Another stream's event holds the batch, so that the write to s1 is still ahead when the wait begins.
    held.close();
    await platform.eventStore.appendToStream('s2', [counted(10)]);
    const written = await platform.eventStore.appendToStream('s1', [counted(3)]);
    const visibility = waiter.waitFor([tally], { position: written.position, eventTypes: ['Counted'], stream: 's1' }, 10_000);
    await eventually(() => expect(parkedReads).to.equal(1));
    held.open();

    const answer = await visibility;
    expect(answer.state).to.equal('parked');
    expect(answer.state === 'parked' && { ...answer.event, position: formatPosition(answer.event.position) }).to.deep.include({
      position: formatPosition(poison!.position),
      streamId: 's1',
      error: 'cannot count 2',
    });
    expect(parkedReads).to.equal(1);
  });
});
