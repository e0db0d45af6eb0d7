import { expect } from 'chai';
import { registerCustomer } from '../../src/domain/customers/register-customer.js';
import { createOrder } from '../../src/domain/orders/create-order.js';
import { createProduct } from '../../src/domain/catalogue/create-product.js';
import { spawnSync } from 'node:child_process';
import { rebuildCommand } from '../../src/cli/commands/rebuild-command.js';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { testPlatform } from '../support/test-platform.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;

describe('cli: rebuild', function () {
  this.timeout(60_000);
  let platform: Platform | undefined;
  afterEach(async function () {
    await platform?.close();
    platform = undefined;
  });

  it('rebuilds a seed projection blue/green, reports progress, and exits 0', async function () {
    const seeded = await testPlatform();
    await seeded.start();
    const ana = await registerCustomer(seeded.commandHandler, { name: 'Ana', email: 'ana@example.com' });
    await createOrder(seeded.commandHandler, { customerId: ana.id, items: [{ productId: 'p1', quantity: 1, unitPrice: 5 }] });
    await eventually(async () => expect((await seeded.registry.list('OrderView')).map((r) => r.state)).to.deep.equal(['live']));
    await seeded.close();

    const run = spawnSync(process.execPath, [CLI, 'rebuild', 'OrderView'], { env: { ...process.env, DATA_DIR: seeded.dataDir, PROJECTIONS_RETIRE_AFTER_MS: '0' }, encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/OrderView g2 \[#+\] 100\.0% 1\/1 events, [\d,]+ events\/s/);
    expect(run.stderr).to.contain('OrderView: generation 2 is live');

    platform = await testPlatform({ dataDir: seeded.dataDir, roles: { workers: 'elsewhere' } });
    expect((await platform.registry.list('OrderView')).map((r) => `${r.generation}:${r.state}`)).to.deep.equal(['2:live']);
  });

  it('reports progress off a terminal as plain lines with the real percentage, each tenth or every 2 s', async function () {
    const seeded = await testPlatform();
    for (let chunk = 0; chunk < 20; chunk++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => createProduct(seeded.commandHandler, { name: `Crème ${chunk}-${i}`, price: 5, category: 'demo' })));
    }
    await seeded.start();
    await eventually(async () => expect((await seeded.generations.statuses('ProductView')).map((s) => `${s.registryState}:${s.lag.events}`)).to.deep.equal(['live:0']), 20_000);
    await seeded.close();

    // Small batches, so that the rebuild outlasts a few of the bar's 100 ms ticks.
    const env = { ...process.env, DATA_DIR: seeded.dataDir, PROJECTIONS_RETIRE_AFTER_MS: '0', PROJECTIONS_CATCH_UP_BATCH_SIZE: '5' };
    const run = spawnSync(process.execPath, [CLI, 'rebuild', 'ProductView'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).to.equal('ProductView: generation 2 is live');
    const percentages = lines.slice(0, -1).map((line) => {
      const match = /^ProductView g2 \[[#.]{30}\] +(\d+\.\d)% [\d,]+\/2,000 events, [\d,]+ events\/s/.exec(line);
      expect(match, line).to.not.equal(null);
      return Number(match![1]);
    });
    expect(percentages.at(-1)).to.equal(100);
    expect(percentages.filter((p) => p > 0 && p < 100).length, run.stderr).to.be.at.least(1);
    expect(percentages[0], 'no line before there is progress').to.be.above(0);
    percentages.slice(1).forEach((p, i) => expect(p).to.be.at.least(percentages[i]!));
  });

  it('exits 2, saying why, for an unknown projection or command', function () {
    const unknown = spawnSync(process.execPath, [CLI, 'rebuild', 'NoSuchView'], { env: { ...process.env, DATA_DIR: scratchDirectory() }, encoding: 'utf8' });
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.contain('unknown projection NoSuchView; known: OrderView, ');
    const bogus = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' });
    expect(bogus.status).to.equal(2);
    expect(bogus.stderr).to.contain('unknown command frobnicate');
  });

  it('returns 1 and leaves the live generation untouched when the rebuild fails', async function () {
    const { projection, failOn } = tallyProjection({ policy: { onExhausted: 'stop' } });
    platform = await testPlatform({ projections: [projection] });
    await platform.start();
    await platform.eventStore.appendToStream('s1', [counted(1), counted(2), counted(3)]);
    await eventually(async () => expect((await platform!.generations.statuses())[0]!.checkpoint).to.equal('3'));
    await platform.close();
    platform = await testPlatform({ projections: [projection], dataDir: (platform as Platform & { dataDir: string }).dataDir, roles: { workers: 'elsewhere' } });
    failOn.add(2);
    const code = await rebuildCommand(platform, platform.config, { projection: 'Tally', inPlace: false });
    expect(code).to.equal(1);
    expect((await platform.registry.list('Tally')).map((r) => `${r.generation}:${r.state}`)).to.deep.equal(['1:live', '2:failed']);
    const live = await platform.live.of(projection);
    expect((await platform.readModels.load(live, 'tallies', ['s1'])).get('s1')?.body).to.deep.include({ seen: [1, 2, 3] });
  });
});
