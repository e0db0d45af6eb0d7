import { expect } from 'chai';
import { ParkedView } from '../../src/core/consistency/parked-view.js';
import type { WriteReceipt } from '../../src/core/consistency/write-receipt.js';
import type { Parking } from '../../src/core/ports/change-notifier.js';
import type { ParkedEvent } from '../../src/core/ports/read-model-store.js';
import { position } from '../../src/core/position.js';

const receipt: WriteReceipt = { position: position(10n), eventTypes: ['Counted'], stream: 's1' };
const parked = (at: bigint, stream = 's1'): ParkedEvent => ({
  position: position(at),
  streamId: stream,
  eventId: `e${at}`,
  eventType: 'Counted',
  error: `cannot count ${at}`,
  attempts: 3,
  parkedAt: new Date(0),
});
const parking = (commits: number, change: Partial<Omit<Parking, 'commits'>> = {}): Parking => ({ commits, parked: [], unparked: [], ...change });

describe('ParkedView: the parked events that hold a write back, followed change by change', function () {
  it('keeps only the write’s stream at or below it, and names the earliest', function () {
    const view = new ParkedView(receipt);
    view.seed(3, [parked(7n), parked(4n, 's2'), parked(11n)]);
    view.apply(parking(4, { parked: [parked(5n)] }));
    expect(view.earliest()?.position).to.deep.equal(position(5n));
  });

  it('skips the changes its reading already holds, and follows the ones after it', function () {
    const view = new ParkedView(receipt);
    view.seed(5, [parked(3n)]);
    view.apply(parking(5, { parked: [parked(2n)] }));
    view.apply(parking(6, { unparked: [position(3n)] }));
    expect(view.ready).to.equal(true);
    expect(view.earliest()).to.equal(undefined);
  });

  it('applies the changes heard while it was being read once the reading arrives', function () {
    const view = new ParkedView(receipt);
    view.apply(parking(2, { parked: [parked(4n)] }));
    view.apply(parking(3, { parked: [parked(6n)] }));
    expect(view.ready).to.equal(false);
    view.seed(2, [parked(4n)]);
    expect(view.earliest()?.position).to.deep.equal(position(4n));
    view.apply(parking(4, { unparked: [position(4n)] }));
    expect(view.earliest()?.position).to.deep.equal(position(6n));
  });

  it('is no longer ready once a change skips a commit count, or does not know its parking', function () {
    const skipped = new ParkedView(receipt);
    skipped.seed(1, []);
    skipped.apply(parking(3, { parked: [parked(5n)] }));
    expect(skipped.ready).to.equal(false);
    const unknown = new ParkedView(receipt);
    unknown.seed(1, []);
    unknown.apply(undefined);
    expect(unknown.ready).to.equal(false);
  });
});
