import { randomUUID } from 'node:crypto';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { exists } from '../exists.js';
import { email, trimmed } from '../rules.js';
import { customer } from './customer.js';
import { customerStream, type CustomerRegistered } from './customer-events.js';

export interface RegisterCustomer {
  /** Chosen by the caller (the API derives it from an idempotency key); new when absent. */
  readonly customerId?: string;
  readonly name: string;
  readonly email: string;
}

export async function registerCustomer(handler: CommandHandler, command: RegisterCustomer, context: CommandContext = commandContext()): Promise<CommandResult> {
  const customerId = command.customerId ?? randomUUID();
  const registered: CustomerRegistered = {
    type: 'CustomerRegistered',
    data: { customerId, name: trimmed('name', command.name), email: email('email', command.email), registeredAt: new Date().toISOString() },
  };
  const receipt = await handler.handle(customerStream(customerId), customer, (state) => (state.registered ? exists('customer', customerId) : [registered]), context);
  return { id: customerId, receipt };
}
