import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { testPlatform } from '../support/test-platform.js';

describe('projection runtime: rebuild from zero', function () {
  this.timeout(30_000);
  let platform: Platform | undefined;
  afterEach(async function () {
    await platform?.close();
    platform = undefined;
  });

  const generations = async (p: Platform) => (await p.registry.list('Tally')).map((r) => `${r.generation}:${r.state}`);
  const tallyIn = async (p: Platform, stream: string) => {
    const generation = await p.live.of(p.projections[0]!);
    return (await p.readModels.load(generation, 'tallies', [stream])).get(stream)?.body;
  };
  const seed = async (p: Platform, streams: number, perStream: number) => {
    for (let s = 0; s < streams; s += 1) {
      await p.eventStore.appendToStream(`s${s}`, Array.from({ length: perStream }, (_, n) => counted(n)));
    }
  };

  it('builds the next generation beside the live one, switches to it, then drops the old one', async function () {
    const { projection } = tallyProjection({ delayMs: 1 });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await seed(platform, 5, 20);
    await eventually(async () => expect(await tallyIn(platform!, 's4')).to.deep.include({ count: 20 }));
    const old = await platform.live.of(projection);
    await platform.workers!.rebuild('Tally');
    expect(await generations(platform)).to.deep.equal(['1:live', '2:building']);
    expect((await platform.live.of(projection)).generation).to.equal(1);
    expect(await tallyIn(platform, 's4')).to.deep.include({ count: 20 });
    await platform.eventStore.appendToStream('s4', [counted(20)]);
    await eventually(async () => expect(await generations(platform!)).to.deep.equal(['2:live']), 20_000);
    expect(await tallyIn(platform, 's4')).to.deep.include({ count: 21 });
    expect(await platform.readModels.checkpoint(old)).to.deep.equal({ position: undefined, commits: 0 });
  });

  it('rebuilds a new version of a projection blue/green when the code changes', async function () {
    const v1 = tallyProjection({ version: 1 }).projection;
    platform = await testPlatform({ projections: [v1] });
    await platform.start();
    await seed(platform, 3, 5);
    await eventually(async () => expect(await tallyIn(platform!, 's2')).to.deep.include({ version: 1, count: 5 }));
    await platform.close();
    const v2 = tallyProjection({ version: 2 }).projection;
    platform = await testPlatform({ projections: [v2], dataDir: (platform as Platform & { dataDir: string }).dataDir });
    await platform.start();
    await eventually(async () => expect(await tallyIn(platform!, 's2')).to.deep.include({ version: 2, count: 5 }));
    expect((await platform.registry.list('Tally')).find((r) => r.state === 'live')).to.include({ generation: 2, version: 2 });
  });

  it('leaves the live generation untouched when a rebuild fails', async function () {
    const { projection, failOn } = tallyProjection({ policy: { onExhausted: 'stop' } });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await seed(platform, 2, 5);
    await eventually(async () => expect(await tallyIn(platform!, 's1')).to.deep.include({ count: 5 }));
    failOn.add(3);
    await platform.workers!.rebuild('Tally');
    await eventually(async () => expect(await generations(platform!)).to.deep.equal(['1:live']));
    expect(await tallyIn(platform, 's1')).to.deep.include({ count: 5 });
  });

  it('cancels a rebuild, dropping what it built, and keeps serving the live generation', async function () {
    const { projection } = tallyProjection({ delayMs: 5 });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await seed(platform, 4, 50);
    await eventually(async () => expect(await tallyIn(platform!, 's3')).to.deep.include({ count: 50 }), 20_000);
    await platform.workers!.rebuild('Tally');
    await platform.workers!.cancelRebuild('Tally');
    expect(await generations(platform)).to.deep.equal(['1:live']);
    expect(await platform.readModels.checkpoint({ projection, generation: 2 })).to.deep.equal({ position: undefined, commits: 0 });
    expect(await tallyIn(platform, 's3')).to.deep.include({ count: 50 });
  });

  it('resumes a rebuild from its own checkpoint after a restart', async function () {
    const { projection } = tallyProjection({ delayMs: 2 });
    platform = await testPlatform({ projections: [projection], env: { PROJECTIONS_BATCH_SIZE: '10', PROJECTIONS_CATCH_UP_BATCH_SIZE: '10' } });
    const dataDir = (platform as Platform & { dataDir: string }).dataDir;
    await platform.start();
    await seed(platform, 10, 30);
    await eventually(async () => expect(await tallyIn(platform!, 's9')).to.deep.include({ count: 30 }), 20_000);
    await platform.workers!.rebuild('Tally');
    const shadow = { projection, generation: 2 };
    await eventually(async () => expect((await platform!.readModels.checkpoint(shadow)).commits).to.be.above(3));
    await platform.close();
    const before = await (async () => {
      const p = await testPlatform({ projections: [projection], dataDir, roles: { workers: 'elsewhere' } });
      try {
        return await p.readModels.checkpoint(shadow);
      } finally {
        await p.close();
      }
    })();
    expect(before.position, 'the rebuild got part of the way').to.not.equal(undefined);
    platform = await testPlatform({ projections: [projection], dataDir });
    await platform.start();
    await eventually(async () => expect(await generations(platform!)).to.deep.equal(['2:live']), 20_000);
    expect(await tallyIn(platform, 's9')).to.deep.include({ count: 30 });
  });

  it('rebuilds in place, emptying the live generation and replaying it', async function () {
    const { projection } = tallyProjection();
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await seed(platform, 2, 10);
    await eventually(async () => expect(await tallyIn(platform!, 's1')).to.deep.include({ count: 10 }));
    await platform.workers!.rebuildInPlace('Tally');
    await eventually(async () => expect(await tallyIn(platform!, 's1')).to.deep.include({ count: 10 }));
    expect(await generations(platform)).to.deep.equal(['1:live']);
  });
});
