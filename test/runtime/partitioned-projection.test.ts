import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { ConsistencyWaiter } from '../../src/core/consistency/consistency-waiter.js';
import type { WriteReceipt } from '../../src/core/consistency/write-receipt.js';
import type { ProjectionStatus } from '../../src/core/generations/generation-status.js';
import type { Projection } from '../../src/core/projections/projection.js';
import { partitionOf } from '../../src/core/projections/partition-of.js';
import { comparePositions, type Position } from '../../src/core/position.js';
import { eventually } from '../support/async.js';
import { readModelSnapshot } from '../support/read-model-snapshot.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { TEST_CONFIG_FILE, testPlatform } from '../support/test-platform.js';

const PARTITIONS = 3;

/** The tally projection split in three partitions, counting its handler's calls. */
function splitTally(options: Parameters<typeof tallyProjection>[0] = {}) {
  const { projection } = tallyProjection({ name: 'Split', ...options });
  const calls = { count: 0 };
  const count = projection.handlers.Counted!;
  const split: Projection = { ...projection, partitions: PARTITIONS, handlers: { Counted: (event, context) => ((calls.count += 1), count(event, context)) } };
  return { split, calls };
}

/** A stream name for each partition: `stream-<n>` for the first n that lands there. */
function streamIn(partition: number): string {
  for (let n = 0; ; n += 1) if (partitionOf(`stream-${n}`, PARTITIONS) === partition) return `stream-${n}`;
}

async function statusOf(platform: Platform, name: string): Promise<ProjectionStatus> {
  const [status] = await platform.generations.statuses(name);
  return status!;
}

/**
 * A projection may be split in partitions: events by a stable hash of their stream, each
 * partition with its own checkpoint, parked events and lease. Each event is handled once, by
 * its stream's partition; a consistency wait waits for that partition only; a rebuild builds
 * every partition and switches once all have caught up, wherever they run.
 */
describe('partitioned projections', function () {
  this.timeout(60_000);
  const platforms: Platform[] = [];
  afterEach(async function () {
    for (const platform of platforms.splice(0)) await platform.close();
  });

  it('hashes a stream to the same partition everywhere, and spreads streams over all of them', function () {
    expect(partitionOf('order-1', 3)).to.equal(partitionOf('order-1', 3));
    // FNV-1a of "a" is 0xe40c292c (the published test vector): 3826002220 % 7 = 5. The others pin UTF-8 hashing.
    expect([partitionOf('a', 7), partitionOf('order-42', 3), partitionOf('ñandú-🦤', 5)]).to.deep.equal([5, 2, 4]);
    const counts = [0, 0, 0];
    for (let n = 0; n < 3_000; n += 1) counts[partitionOf(`order-${n}`, 3)]! += 1;
    expect(Math.min(...counts)).to.be.above(900);
  });

  it('handles each event once, in its stream’s partition, and ends equal to the same projection unsplit', async function () {
    const whole = tallyProjection({ name: 'Whole' }).projection;
    const { split, calls } = splitTally();
    const platform = await testPlatform({ projections: [whole, split] });
    platforms.push(platform);
    await platform.start();
    let last: Position | undefined;
    for (let n = 1; n <= 10; n += 1) {
      for (let s = 0; s < 30; s += 1) last = (await platform.eventStore.appendToStream(`stream-${s}`, [counted(n)])).position;
    }
    const status = await eventually(async () => {
      const shown = await statusOf(platform, 'Split');
      expect(shown.lag.events).to.equal(0);
      expect(shown.partitions).to.have.length(PARTITIONS);
      return shown;
    }, 20_000);
    expect(calls.count, 'each of the 300 events handled once, not once per partition').to.equal(300);
    for (const part of status.partitions!) {
      expect(part.owner, `partition ${part.partition} has a writer`).to.not.equal(null);
      const stored = await platform.readModels.checkpoint({ projection: split, generation: 1, partition: part.partition });
      expect(comparePositions(stored.position!, last!), `partition ${part.partition} passed every event`).to.equal(0);
    }
    expect(status.owner).to.equal(null);
    const snapshot = await readModelSnapshot({ CONFIG_FILE: TEST_CONFIG_FILE }, platform.dataDir, [whole, split]);
    expect(Object.keys(snapshot.Split!.tallies!)).to.have.length(30);
    expect(snapshot.Split).to.deep.equal(snapshot.Whole);
  });

  it('waits for the partition of the write’s stream only: a stopped partition holds back its own streams’ writes, not the others’', async function () {
    const { split } = splitTally({ failOn: new Set([666]), policy: { onExhausted: 'stop' } });
    const platform = await testPlatform({ projections: [split] });
    platforms.push(platform);
    await platform.start();
    const [healthy, stuck] = [streamIn(0), streamIn(1)];
    await platform.eventStore.appendToStream(stuck, [counted(666)]);
    await eventually(async () => expect((await statusOf(platform, 'Split')).state).to.equal('stopped'), 10_000);
    const receipt = async (stream: string, n: number): Promise<WriteReceipt> => ({
      position: (await platform.eventStore.appendToStream(stream, [counted(n)])).position,
      eventTypes: ['Counted'],
      stream,
    });
    const waiter = new ConsistencyWaiter(platform.notifier, platform.registry, platform.readModels, platform.live);
    try {
      expect(await waiter.waitFor([split], await receipt(healthy, 1), 10_000)).to.deep.equal({ state: 'visible' });
      expect(await waiter.waitFor([split], await receipt(stuck, 2), 300)).to.deep.equal({ state: 'pending', waitingFor: ['Split'] });
    } finally {
      waiter.close();
    }
    const status = await statusOf(platform, 'Split');
    expect(status.partitions!.map((part) => part.state)).to.deep.equal(['live', 'stopped', 'live']);
    expect(status.stoppedAt?.stream).to.equal(stuck);
  });

  it('rebuilds every partition, spread over two workers, and switches once all have caught up', async function () {
    const { split } = splitTally();
    const first = await testPlatform({ projections: [split] });
    platforms.push(first);
    await first.start();
    for (let s = 0; s < 40; s += 1) await first.eventStore.appendToStream(`stream-${s}`, [counted(1), counted(2)]);
    const second = await testPlatform({ projections: [split], dataDir: first.dataDir });
    platforms.push(second);
    await second.start();
    // Both write some of the partitions (at most two each).
    await eventually(async () => {
      const owners = (await statusOf(first, 'Split')).partitions!.map((part) => part.owner?.worker);
      expect(new Set(owners).size).to.equal(2);
    }, 20_000);

    await first.workers!.rebuild('Split');
    for (let s = 0; s < 40; s += 1) await second.eventStore.appendToStream(`stream-${s}`, [counted(3)]);
    await eventually(async () => {
      const records = await first.registry.list('Split');
      expect(records.find((record) => record.state === 'live')?.generation).to.equal(2);
    }, 20_000);
    await eventually(async () => expect((await statusOf(first, 'Split')).lag.events).to.equal(0), 20_000);
    const snapshot = await readModelSnapshot({ CONFIG_FILE: TEST_CONFIG_FILE }, first.dataDir, [split]);
    expect(Object.values(snapshot.Split!.tallies!).map((tally) => tally.seen)).to.deep.equal(Array.from({ length: 40 }, () => [1, 2, 3]));
    // The replaced generation's partitions are dropped with it, checkpoints and all.
    await eventually(async () => {
      for (let partition = 0; partition < PARTITIONS; partition += 1) {
        expect((await first.readModels.checkpoint({ projection: split, generation: 1, partition })).commits).to.equal(0);
      }
    }, 10_000);
  });
});
