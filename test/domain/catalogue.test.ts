import { expect } from 'chai';
import { InvalidCommandError, NotFoundError, RuleViolationError } from '../../src/core/domain-errors.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { createProduct } from '../../src/domain/catalogue/create-product.js';
import { updateProduct } from '../../src/domain/catalogue/update-product.js';
import { updateStock } from '../../src/domain/catalogue/update-stock.js';
import { reviewProduct } from '../../src/domain/catalogue/review-product.js';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { rejectionOf } from '../support/async.js';
import { memoryEventStore } from '../support/memory-store.js';

describe('catalogue: commands', function () {
  let store: SqliteEventStore;
  let handler: CommandHandler;

  beforeEach(function () {
    store = memoryEventStore();
    handler = new CommandHandler(store);
  });

  afterEach(async function () {
    await store.close();
  });

  const laptop = { name: 'Laptop Pro', description: 'High-performance laptop', price: 1299.99, category: 'Electronics', stock: 3 };

  it('creates, updates and restocks a product, recording the previous stock', async function () {
    const { id } = await createProduct(handler, laptop);
    await updateProduct(handler, { productId: id, price: 1199.99 });
    await updateStock(handler, { productId: id, stock: 0 });
    const events = await store.readStream(`product-${id}`);
    expect(events.map((e) => e.type)).to.deep.equal(['ProductCreated', 'ProductUpdated', 'StockUpdated']);
    expect(events[0]!.data).to.include({ category: 'electronics', stock: 3 });
    expect(events[1]!.data).to.include({ price: 1199.99 }).and.not.have.property('name');
    expect(events[2]!.data).to.include({ stock: 0, previousStock: 3 });
  });

  it('refuses changes to a product that does not exist', async function () {
    expect(await rejectionOf(updateProduct(handler, { productId: 'nope', price: 1 }))).to.be.instanceOf(NotFoundError);
    expect(await rejectionOf(updateStock(handler, { productId: 'nope', stock: 1 }))).to.be.instanceOf(NotFoundError);
  });

  it('refuses negative prices and stock, and an update that changes nothing', async function () {
    const negativePrice = await rejectionOf(createProduct(handler, { ...laptop, price: -1 }));
    expect(negativePrice).to.be.instanceOf(RuleViolationError).with.property('rule', 'price.non-negative');
    const { id } = await createProduct(handler, laptop);
    const negativeStock = await rejectionOf(updateStock(handler, { productId: id, stock: -2 }));
    expect(negativeStock).to.be.instanceOf(RuleViolationError).with.property('rule', 'stock.minimum');
    const nothing = await rejectionOf(updateProduct(handler, { productId: id }));
    expect(nothing).to.be.instanceOf(InvalidCommandError);
    expect(await store.readStream(`product-${id}`)).to.have.length(1);
  });

  it('takes one review per user, rated from 1 to 5', async function () {
    const { id } = await createProduct(handler, laptop);
    await reviewProduct(handler, { productId: id, userId: 'u1', rating: 4 });
    const twice = await rejectionOf(reviewProduct(handler, { productId: id, userId: 'u1', rating: 5 }));
    expect(twice).to.be.instanceOf(RuleViolationError).with.property('rule', 'product.review-once-per-user');
    const tooHigh = await rejectionOf(reviewProduct(handler, { productId: id, userId: 'u2', rating: 6 }));
    expect(tooHigh).to.be.instanceOf(RuleViolationError).with.property('rule', 'rating.maximum');
  });
});
