import { expect } from 'chai';
import { commandContext } from '../../src/core/commands/command-context.js';
import { InvalidCommandError, RuleViolationError } from '../../src/core/domain-errors.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { registerCustomer } from '../../src/domain/customers/register-customer.js';
import { createOrder } from '../../src/domain/orders/create-order.js';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { rejectionOf } from '../support/async.js';
import { memoryEventStore } from '../support/memory-store.js';

describe('orders: commands', function () {
  let store: SqliteEventStore;
  let handler: CommandHandler;

  beforeEach(function () {
    store = memoryEventStore();
    handler = new CommandHandler(store);
  });

  afterEach(async function () {
    await store.close();
  });

  it('returns only the new id and the receipt of its write, never the order', async function () {
    const ana = await registerCustomer(handler, { name: 'Ana Pérez', email: 'Ana@Example.com' });
    const result = await createOrder(handler, { customerId: ana.id, items: [{ productId: 'p1', quantity: 2, unitPrice: 10.5 }] });
    expect(Object.keys(result).sort()).to.deep.equal(['id', 'receipt']);
    expect(result.receipt).to.deep.include({ eventTypes: ['OrderCreated'], stream: `order-${result.id}` });
  });

  it('copies the customer’s name and email into the order, with its total', async function () {
    const ana = await registerCustomer(handler, { name: 'Ana Pérez', email: 'Ana@Example.com' });
    const { id } = await createOrder(handler, {
      customerId: ana.id,
      items: [
        { productId: 'p1', quantity: 2, unitPrice: 10.5 },
        { productId: 'p2', quantity: 1, unitPrice: 0.1 },
      ],
    });
    const [created] = await store.readStream(`order-${id}`);
    expect(created!.type).to.equal('OrderCreated');
    expect(created!.data).to.include({ orderId: id, customerId: ana.id, customerName: 'Ana Pérez', customerEmail: 'ana@example.com', total: 21.1, status: 'PENDING' });
  });

  it('refuses an order for a customer that does not exist, and writes nothing', async function () {
    const error = await rejectionOf(createOrder(handler, { customerId: 'nobody', items: [{ productId: 'p1', quantity: 1, unitPrice: 1 }] }));
    expect(error).to.be.instanceOf(RuleViolationError).with.property('rule', 'order.customer-must-exist');
    expect(await store.readAll({ maxCount: 10 })).to.deep.equal([]);
  });

  it('refuses empty orders, zero quantities and negative prices, naming the rule or field', async function () {
    const ana = await registerCustomer(handler, { name: 'Ana', email: 'ana@example.com' });
    const empty = await rejectionOf(createOrder(handler, { customerId: ana.id, items: [] }));
    expect(empty).to.be.instanceOf(RuleViolationError).with.property('rule', 'order.items-not-empty');
    const zero = await rejectionOf(createOrder(handler, { customerId: ana.id, items: [{ productId: 'p', quantity: 0, unitPrice: 1 }] }));
    expect(zero).to.be.instanceOf(RuleViolationError).with.property('rule', 'items[0].quantity.minimum');
    const negative = await rejectionOf(createOrder(handler, { customerId: ana.id, items: [{ productId: 'p', quantity: 1, unitPrice: -1 }] }));
    expect(negative).to.be.instanceOf(RuleViolationError).with.property('rule', 'items[0].unitPrice.non-negative');
    const notAnEmail = await rejectionOf(registerCustomer(handler, { name: 'Bo', email: 'bo-at-example' }));
    expect(notAnEmail).to.be.instanceOf(InvalidCommandError).with.property('field', 'email');
  });

  it('marks every event with the correlation id given and the command as its cause', async function () {
    const context = commandContext('request-42');
    const ana = await registerCustomer(handler, { name: 'Ana', email: 'ana@example.com' }, context);
    const [registered] = await store.readStream(`customer-${ana.id}`);
    expect(registered!.metadata).to.deep.equal({ $correlationId: 'request-42', $causationId: context.commandId });
  });
});
