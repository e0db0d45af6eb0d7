import { expect } from 'chai';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import type { EventStore } from '../../src/core/ports/event-store.js';
import { likeArticle } from '../../src/domain/blog/like-article.js';
import { publishArticle } from '../../src/domain/blog/publish-article.js';
import { registerAuthor } from '../../src/domain/blog/register-author.js';
import { createProduct } from '../../src/domain/catalogue/create-product.js';
import { updateStock } from '../../src/domain/catalogue/update-stock.js';
import { eventually } from '../support/async.js';
import { memoryEventStore } from '../support/memory-store.js';

/** An event store that counts the events its streams hand out. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readStream') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<EventStore['readStream']>) => {
        const events = await target.readStream(...args);
        read += events.length;
        return events;
      };
    },
  });
  return { store: counted, read: () => read };
}

/** No command may read a stream that grows without bound. */
describe('commands read a bounded number of events, however long the history', function () {
  this.timeout(60_000);
  let store: SqliteEventStore;

  beforeEach(function () {
    store = memoryEventStore();
  });
  afterEach(async function () {
    await store.close();
  });

  it('likes an article with 2,000 likes reading no more events than the first like did', async function () {
    const handler = new CommandHandler(store);
    const { id: authorId } = await registerAuthor(handler, { name: 'Ada' });
    const { id: articleId } = await publishArticle(handler, { authorId, title: 'A popular article', content: 'x'.repeat(120) });
    const first = counting(store);
    await likeArticle(new CommandHandler(first.store), { articleId, userId: 'first' });
    for (let i = 0; i < 2_000; i += 200) await Promise.all(Array.from({ length: 200 }, (_, j) => likeArticle(handler, { articleId, userId: `u${i + j}` })));
    const later = counting(store);
    await likeArticle(new CommandHandler(later.store), { articleId, userId: 'latecomer' });
    expect(later.read()).to.equal(first.read());
    expect(later.read()).to.be.at.most(2);
  });

  it('changes the stock of a product with 2,000 stock changes reading at most one snapshot’s worth of events, in a fresh process', async function () {
    const handler = new CommandHandler(store, { snapshotEvery: 100 });
    const { id: productId } = await createProduct(handler, { name: 'Lamp', price: 10, category: 'home', stock: 0 });
    for (let stock = 1; stock <= 2_000; stock += 1) await updateStock(handler, { productId, stock });
    await eventually(async () => expect((await store.readStream(`snapshot-product-${productId}`, { direction: 'backwards', maxCount: 1 })).length).to.equal(1));
    const cold = counting(store);
    await updateStock(new CommandHandler(cold.store, { snapshotEvery: 100 }), { productId, stock: 7 });
    expect(cold.read()).to.be.at.most(101 + 1);
    const [last] = await store.readStream(`product-${productId}`, { direction: 'backwards', maxCount: 1 });
    expect(last!.data).to.include({ stock: 7, previousStock: 2_000 });
  });

  it('folds what it appended itself, so a warm stream reads no event back, yet sees what another process wrote', async function () {
    const counted = counting(store);
    const handler = new CommandHandler(counted.store);
    const { id: productId } = await createProduct(handler, { name: 'Lamp', price: 10, category: 'home', stock: 0 });
    await updateStock(handler, { productId, stock: 1 });
    const before = counted.read();
    for (let stock = 2; stock <= 50; stock += 1) await updateStock(handler, { productId, stock });
    expect(counted.read() - before).to.equal(0);

    await updateStock(new CommandHandler(store), { productId, stock: 99 });
    await updateStock(handler, { productId, stock: 3 });
    expect(counted.read() - before).to.equal(1);
    const [last] = await store.readStream(`product-${productId}`, { direction: 'backwards', maxCount: 1 });
    expect(last!.data).to.include({ stock: 3, previousStock: 99 });
  });
});
