import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { InvalidCommandError, RuleViolationError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { customer } from '../customers/customer.js';
import { customerStream } from '../customers/customer-events.js';
import { requireAmount, requireCount, requireId } from '../rules.js';
import { order } from './order.js';
import { orderStream, type OrderCreated, type OrderItem } from './order-events.js';

export interface CreateOrder {
  readonly customerId: string;
  readonly items: readonly OrderItem[];
}

const MAX_ITEMS = 100;

/** Exercise 1 of the seed: the command returns the new id and a token, never the order. */
export async function createOrder(handler: CommandHandler, command: CreateOrder, context: CommandContext): Promise<Accepted> {
  const customerId = requireId('customerId', command.customerId);
  const items = requireItems(command.items);
  const { state: buyer } = await handler.load(customerStream(customerId), customer);
  if (!buyer.registered) throw new RuleViolationError('order.customer-must-exist', `customer ${customerId} does not exist`);
  const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  const orderId = randomUUID();
  const created: OrderCreated = {
    type: 'OrderCreated',
    data: {
      orderId,
      customerId,
      customerName: buyer.name,
      customerEmail: buyer.email,
      items,
      total,
      status: 'PENDING',
      createdAt: new Date().toISOString(),
    },
  };
  const outcome = await handler.handle(orderStream(orderId), order, () => [created], context);
  return accepted(orderId, outcome);
}

function requireItems(items: unknown): OrderItem[] {
  if (!Array.isArray(items)) throw new InvalidCommandError('items', 'must be an array');
  if (items.length === 0) throw new RuleViolationError('order.items-not-empty', 'an order needs at least one item');
  if (items.length > MAX_ITEMS) throw new RuleViolationError('order.items-at-most-100', `an order has at most ${MAX_ITEMS} items`);
  return items.map((item: Partial<OrderItem>, index) => ({
    productId: requireId(`items[${index}].productId`, item?.productId),
    quantity: requireCount(`items[${index}].quantity`, item?.quantity, 1),
    unitPrice: requireAmount(`items[${index}].unitPrice`, item?.unitPrice),
  }));
}
