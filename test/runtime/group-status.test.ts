import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { testPlatform } from '../support/test-platform.js';

describe('projection runtime: a generation’s subscription group in its status', function () {
  let platform: Platform;
  afterEach(async function () {
    await platform?.close();
  });
  const statusOf = async () => (await platform.generations.statuses()).find((s) => s.projection === 'Tally')!;

  it('shows the group <projection>-v<N>, the store’s checkpoint of it and its consumers, with persistent live events', async function () {
    platform = await testPlatform({ projections: [tallyProjection().projection], env: { PROJECTIONS_LIVE: 'persistent' } });
    await platform.start();
    const last = await platform.eventStore.appendToStream('s1', [counted(1), counted(2)]);
    await eventually(async () => {
      const status = await statusOf();
      expect(status.checkpoint).to.equal(String(last.position.commit));
      expect(status.group).to.deep.include({ name: 'Tally-v1', parked: 0 });
      expect(status.group!.consumers).to.have.length(1);
    }, 10_000);
  });

  it('shows no group with a catch-up subscription', async function () {
    platform = await testPlatform({ projections: [tallyProjection().projection], env: { PROJECTIONS_LIVE: 'subscription' } });
    await platform.start();
    await platform.eventStore.appendToStream('s1', [counted(1)]);
    await eventually(async () => expect((await statusOf()).state).to.equal('live'));
    expect((await statusOf()).group).to.equal(null);
  });
});
