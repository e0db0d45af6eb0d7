import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { testPlatform } from '../support/test-platform.js';

const PRODUCTS = 500;
const STOCK_CHANGES = 60_000;
const TICK_MS = 2;

/**
 * A rebuild must never hold the thread that answers requests. Its projection is a real one
 * (ProductView: synchronous handlers, no sleeps that would yield), its events enough that a
 * rebuild on the API's thread holds it for seconds. A ticker on the API's thread counts how
 * often it ran while the rebuild went on, and the longest it was kept waiting. With the workers
 * on the API's thread, it runs only between batches: about a tenth as often, and this fails.
 */
describe('projection runtime: a rebuild in the projection thread', function () {
  this.timeout(120_000);
  let platform: Platform;

  before(async function () {
    platform = await testPlatform({ roles: { workers: 'thread' } });
    await platform.start();
    const products = Array.from({ length: PRODUCTS }, (_, index) => `p${index}`);
    const at = '2026-01-01T00:00:00.000Z';
    await Promise.all(
      products.map((productId) =>
        platform.eventStore.appendToStream(`product-${productId}`, [
          { type: 'ProductCreated', data: { productId, name: productId, description: 'a product', price: 1, category: 'c', stock: 1, createdAt: at } },
        ]),
      ),
    );
    for (let done = 0; done < STOCK_CHANGES; done += 2_000) {
      await Promise.all(
        Array.from({ length: 2_000 }, (_, index) => {
          const productId = products[(done + index) % PRODUCTS]!;
          return platform.eventStore.appendToStream(`product-${productId}`, [{ type: 'StockUpdated', data: { productId, stock: done + index, updatedAt: at } }]);
        }),
      );
    }
    await eventually(async () => {
      const [status] = await platform.generations.statuses('ProductView');
      expect(status!.lag.events).to.equal(0);
    }, 60_000);
  });

  after(async function () {
    await platform?.close();
  });

  it('runs the projection thread at nice 10, and the API’s thread at the process’s own (Linux)', function () {
    if (process.platform !== 'linux') this.skip();
    // Field 19 of a task's stat, counted after the command name (which may hold spaces and parentheses).
    const niceOf = (task: string) => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]);
    };
    const own = getPriority();
    if (own >= 10) this.skip(); // a process started at nice 10 or more keeps its threads there
    expect(niceOf(String(process.pid))).to.equal(own);
    // The projection thread, and the page reader thread it starts, which takes its nice value.
    expect(readdirSync('/proc/self/task').map(niceOf).filter((nice) => nice === 10)).to.have.length.of.at.least(1);
  });

  it('keeps the API’s event loop turning, and reports the rebuild’s progress from the thread', async function () {
    const ticks: number[] = [];
    let ticking = true;
    const tick = () => {
      ticks.push(performance.now());
      if (ticking) setTimeout(tick, TICK_MS);
    };
    const progress: (string | null)[] = [];
    const started = performance.now();
    const { record } = await platform.generations.beginRebuild('ProductView');
    tick();
    await eventually(async () => {
      const building = (await platform.generations.statuses('ProductView')).find((status) => status.generation === record.generation);
      if (building?.registryState === 'building') progress.push(building.checkpoint);
      const live = (await platform.registry.list('ProductView')).find((r) => r.state === 'live');
      expect(live?.generation).to.equal(record.generation);
    }, 100_000, 10);
    ticking = false;
    const took = performance.now() - started;
    const gaps = ticks.slice(1).map((at, index) => at - ticks[index]!);
    const longest = Math.max(...gaps);

    // An idle loop ticks took / TICK_MS times; one that serves a rebuild between its batches, a tenth of that.
    expect(ticks.length, `the API thread ran ${ticks.length} times in ${took.toFixed(0)} ms`).to.be.at.least(took / TICK_MS / 4);
    expect(longest, `the API thread waited ${longest.toFixed(0)} ms at once in a ${took.toFixed(0)} ms rebuild`).to.be.below(took / 4);
    const seen = new Set(progress.filter((checkpoint) => checkpoint !== null));
    expect(seen.size, 'distinct checkpoints of the building generation seen from the API thread').to.be.at.least(2);
    const product = await platform.queries.catalogue.product.with('p7').run();
    expect(product?.stock).to.equal(STOCK_CHANGES - PRODUCTS + 7);
  });
});
