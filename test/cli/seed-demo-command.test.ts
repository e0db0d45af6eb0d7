import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { demoPlan } from '../../src/cli/demo/demo-plan.js';
import type { Platform } from '../../src/composition/compose.js';
import { correlationIdOf, type JsonObject, type RecordedEvent } from '../../src/core/events.js';
import { eventually } from '../support/async.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { TEST_CONFIG_FILE, testPlatform } from '../support/test-platform.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;
const SMALL = ['--customers', '6', '--authors', '2', '--products', '5', '--articles', '4', '--orders', '10', '--likes', '8', '--seed', '7'];

function seedDemo(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, 'seed-demo', ...args], { env: { ...process.env, CONFIG_FILE: TEST_CONFIG_FILE, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
}

describe('cli: seed-demo', function () {
  this.timeout(90_000);
  let platform: Platform | undefined;
  afterEach(async function () {
    await platform?.close();
    platform = undefined;
  });

  it('creates what it says through the command side, and the read models hold it once the projections catch up', async function () {
    const dataDir = scratchDirectory();
    const run = seedDemo(dataDir, SMALL);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('Created 6 customers, 2 authors, 5 products');
    expect(run.stdout).to.contain('4 articles').and.contain('10 orders').and.contain('8 likes');
    expect(run.stdout).to.match(/35 commands in [\d.]+s, [\d,]+ commands\/s \(seed 7, concurrency 64\)/);

    platform = await testPlatform({ dataDir });
    const events = await platform.eventStore.readAll({ fromPosition: 'start', maxCount: 1_000 });
    const ofType = (type: string) => events.filter((event) => event.type === type) as RecordedEvent<JsonObject>[];
    const counts = Object.fromEntries(['CustomerRegistered', 'AuthorRegistered', 'ProductCreated', 'ArticlePublished', 'OrderCreated', 'ArticleLiked'].map((type) => [type, ofType(type).length]));
    expect(counts).to.deep.equal({ CustomerRegistered: 6, AuthorRegistered: 2, ProductCreated: 5, ArticlePublished: 4, OrderCreated: 10, ArticleLiked: 8 });
    expect(events.every((event) => correlationIdOf(event) !== undefined), 'every event carries its command’s correlation id').to.equal(true);
    const customers = new Set(ofType('CustomerRegistered').map((event) => event.data.customerId));
    const products = new Set(ofType('ProductCreated').map((event) => event.data.productId));
    for (const order of ofType('OrderCreated')) {
      expect(customers.has(order.data.customerId)).to.equal(true);
      for (const item of order.data.items as unknown as { productId: string }[]) expect(products.has(item.productId)).to.equal(true);
    }

    await platform.start();
    await eventually(async () => {
      const statuses = await platform!.generations.statuses();
      expect(statuses.filter((s) => s.registryState === 'live' && s.lag.events === 0).map((s) => s.projection).sort()).to.have.length(6);
    }, 20_000);
    const { orders, blog, catalogue } = platform.queries;
    let ordered = 0;
    for (const customerId of customers) ordered += (await orders.customerOrders.with(String(customerId), { limit: 100, offset: 0 }).run()).total;
    expect(ordered).to.equal(10);
    expect((await blog.articles.with({ tags: [], limit: 100, offset: 0 }).run()).total).to.equal(4);
    expect((await catalogue.products.with({ page: 1, pageSize: 100 }).run()).total).to.equal(5);
    let likes = 0;
    for (const author of ofType('AuthorRegistered')) likes += Number((await blog.authorStats.with(String(author.data.authorId)).run())?.totalLikes ?? 0);
    expect(likes).to.equal(8);
  });

  it('prints a plain progress line at each tenth, with the real percentage, when stderr is not a terminal', function () {
    const run = seedDemo(scratchDirectory(), SMALL);
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stderr.trim().split('\n');
    const progress = lines.map((line) => /^seed-demo \[[#.]{30}\] +(\d+\.\d)% (\d+)\/35 commands, [\d,]+ commands\/s/.exec(line));
    expect(progress.every(Boolean), run.stderr).to.equal(true);
    const percentages = progress.map((match) => Number(match![1]));
    expect(percentages.length, run.stderr).to.be.within(9, 12);
    expect(percentages.at(-1)).to.equal(100);
    expect(percentages[0]).to.be.within(10, 20);
    percentages.slice(1).forEach((p, i) => expect(p).to.be.at.least(percentages[i]!));
  });

  it('plans the same data from the same seed, and other data from another seed', function () {
    const counts = { customers: 20, authors: 3, products: 10, articles: 15, orders: 30, likes: 40 };
    const content = (seed: number) => {
      const plan = demoPlan(counts, seed);
      const name = new Map(plan.customers.map((c) => [c.customerId, c.email]));
      const product = new Map(plan.products.map((p) => [p.productId, p.name]));
      const article = new Map(plan.articles.map((a, index) => [a.articleId, `article ${index}`]));
      return {
        customers: plan.customers.map(({ name, email }) => `${name} <${email}>`),
        products: plan.products.map(({ name, price, category, stock }) => `${name} ${price} ${category} ${stock}`),
        articles: plan.articles.map(({ title, tags }) => `${title} [${tags?.join(',')}]`),
        orders: plan.orders.map((o) => `${name.get(o.customerId)}: ${o.items.map((i) => `${i.quantity} x ${product.get(i.productId)}`).join(', ')}`),
        likes: plan.likes.map((l) => `${name.get(l.userId)} likes ${article.get(l.articleId)}`),
      };
    };
    const first = content(7);
    expect(content(7)).to.deep.equal(first);
    expect(content(8).customers).to.not.deep.equal(first.customers);
    expect(new Set(first.likes).size, 'a customer likes an article once').to.equal(40);
    expect(first.customers.some((c) => /[^\x00-\x7f]/.test(c)), 'names have accents').to.equal(true);
    expect(first.customers.every((c) => /<[a-z0-9.]+@[a-z.]+>$/.test(c)), 'emails are plain ASCII').to.equal(true);
  });

  it('refuses counts that do not fit together, or are not counts, with exit 2 and the reason', function () {
    const orphans = seedDemo(scratchDirectory(), ['--customers', '0', '--orders', '5']);
    expect(orphans.status).to.equal(2);
    expect(orphans.stderr.trim()).to.equal('seed-demo: orders need at least one customer and one product');
    const likes = seedDemo(scratchDirectory(), ['--customers', '2', '--articles', '3', '--likes', '7']);
    expect(likes.status).to.equal(2);
    expect(likes.stderr).to.contain('at most 6');
    const bad = seedDemo(scratchDirectory(), ['--concurrency', '0']);
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.contain('--concurrency must be a whole number of at least 1, not 0');
  });
});
