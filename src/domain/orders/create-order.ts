import { randomUUID } from 'node:crypto';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { RuleViolationError } from '../../core/domain-errors.js';
import { customer } from '../customers/customer.js';
import { customerStream } from '../customers/customer-events.js';
import { exists } from '../exists.js';
import { atLeast, money, trimmed } from '../rules.js';
import { order } from './order.js';
import { orderStream, type OrderCreated, type OrderItem } from './order-events.js';

export interface CreateOrder {
  /** Chosen by the caller (the API derives it from an idempotency key); new when absent. */
  readonly orderId?: string;
  readonly customerId: string;
  readonly items: readonly OrderItem[];
}

const MAX_ITEMS = 100;

/** Exercise 1 of the seed: the command returns the new id and a receipt, never the order. */
export async function createOrder(handler: CommandHandler, command: CreateOrder, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { customerId } = command;
  const items = orderItems(command.items);
  const { state: buyer } = await handler.load(customerStream(customerId), customer);
  if (!buyer.registered) throw new RuleViolationError('order.customer-must-exist', `customer ${customerId} does not exist`);
  const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  const orderId = command.orderId ?? randomUUID();
  const created: OrderCreated = {
    type: 'OrderCreated',
    data: { orderId, customerId, customerName: buyer.name, customerEmail: buyer.email, items, total, status: 'PENDING', createdAt: new Date().toISOString() },
  };
  const receipt = await handler.handle(orderStream(orderId), order, (state) => (state.created ? exists('order', orderId) : [created]), context);
  return { id: orderId, receipt };
}

function orderItems(items: readonly OrderItem[]): OrderItem[] {
  if (items.length === 0) throw new RuleViolationError('order.items-not-empty', 'an order needs at least one item');
  if (items.length > MAX_ITEMS) throw new RuleViolationError('order.items-at-most-100', `an order has at most ${MAX_ITEMS} items`);
  return items.map((item, index) => ({
    productId: trimmed(`items[${index}].productId`, item.productId),
    quantity: atLeast(`items[${index}].quantity`, item.quantity, 1),
    unitPrice: money(`items[${index}].unitPrice`, item.unitPrice),
  }));
}
