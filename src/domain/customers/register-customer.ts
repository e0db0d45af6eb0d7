import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireEmail, requireText } from '../rules.js';
import { customer } from './customer.js';
import { customerStream, type CustomerRegistered } from './customer-events.js';

export interface RegisterCustomer {
  readonly name: string;
  readonly email: string;
}

export async function registerCustomer(handler: CommandHandler, command: RegisterCustomer, context: CommandContext): Promise<Accepted> {
  const name = requireText('name', command.name, 200);
  const email = requireEmail('email', command.email);
  const customerId = randomUUID();
  const registered: CustomerRegistered = {
    type: 'CustomerRegistered',
    data: { customerId, name, email, registeredAt: new Date().toISOString() },
  };
  const outcome = await handler.handle(customerStream(customerId), customer, () => [registered], context);
  return accepted(customerId, outcome);
}
