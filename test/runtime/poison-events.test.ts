import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { testPlatform } from '../support/test-platform.js';

describe('projection runtime: poison events', function () {
  let platform: Platform;
  afterEach(async function () {
    await platform?.close();
  });

  const tally = async (stream: string) => {
    const generation = await platform.generations.live('Tally');
    return (await platform.readModels.load(generation, 'tallies', [stream])).get(stream)?.body;
  };
  const statusOf = async () => (await platform.generations.statuses()).find((s) => s.projection === 'Tally')!;

  for (const live of ['persistent', 'subscription'] as const) {
    it(`retries, then parks the event and its stream's later events, and goes on with other streams (${live})`, async function () {
      const { projection } = tallyProjection({ failOn: new Set([2]) });
      platform = await testPlatform({ projections: [projection], env: { PROJECTIONS_LIVE: live } });
      await platform.start();
      await platform.eventStore.appendToStream('s1', [counted(1), counted(2), counted(3)]);
      await platform.eventStore.appendToStream('s2', [counted(10)]);
      await eventually(async () => expect(await tally('s2')).to.deep.include({ seen: [10] }));
      expect(await tally('s1')).to.deep.include({ seen: [1] });
      const parked = await platform.generations.parked('Tally');
      expect(parked.map((p) => [p.eventType, p.attempts, p.error])).to.deep.equal([
        ['Counted', 3, 'cannot count 2'],
        ['Counted', 0, `behind parked event ${parked[0]!.position.commit} of stream s1`],
      ]);
      const status = await statusOf();
      expect(status.parked).to.equal(2);
      expect(status.state).to.equal('live');
    });
  }

  it('applies parked events exactly once when replayed after the handler is fixed', async function () {
    const { projection, failOn } = tallyProjection({ failOn: new Set([2]) });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await platform.eventStore.appendToStream('s1', [counted(1), counted(2), counted(3)]);
    await eventually(async () => expect((await statusOf()).parked).to.equal(2));
    failOn.clear();
    expect(await platform.generations.replayParked('Tally')).to.deep.equal({ replayed: 2, stillParked: 0 });
    expect(await tally('s1')).to.deep.include({ seen: [1, 2, 3] });
    expect(await platform.generations.replayParked('Tally')).to.deep.equal({ replayed: 0, stillParked: 0 });
    await platform.eventStore.appendToStream('s1', [counted(4)]);
    await eventually(async () => expect(await tally('s1')).to.deep.include({ seen: [1, 2, 3, 4] }));
  });

  it('keeps an event parked, with its new error, if it fails again on replay', async function () {
    const { projection } = tallyProjection({ failOn: new Set([2]) });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await platform.eventStore.appendToStream('s1', [counted(1), counted(2), counted(3)]);
    await eventually(async () => expect((await statusOf()).parked).to.equal(2));
    expect(await platform.generations.replayParked('Tally')).to.deep.equal({ replayed: 0, stillParked: 2 });
    expect(await tally('s1')).to.deep.include({ seen: [1] });
  });

  it('stops, with the event and error in status, when its policy says stop', async function () {
    const { projection } = tallyProjection({ failOn: new Set([2]), policy: { onExhausted: 'stop' } });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    const first = await platform.eventStore.appendToStream('s1', [counted(1)]);
    await platform.eventStore.appendToStream('s1', [counted(2), counted(3)]);
    await eventually(async () => expect((await statusOf()).state).to.equal('stopped'));
    const status = await statusOf();
    expect(status.stoppedAt).to.include({ eventType: 'Counted', stream: 's1', error: 'cannot count 2' });
    expect(status.checkpoint).to.equal(first.position.commit.toString());
    expect(await tally('s1')).to.deep.include({ seen: [1] });
  });
});
