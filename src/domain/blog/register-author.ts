import { randomUUID } from 'node:crypto';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { InvalidCommandError } from '../../core/domain-errors.js';
import { exists } from '../exists.js';
import { trimmed } from '../rules.js';
import { author } from './author.js';
import { authorStream, type AuthorRegistered } from './blog-events.js';

export interface RegisterAuthor {
  /** Chosen by the caller (the API derives it from an idempotency key); new when absent. */
  readonly authorId?: string;
  readonly name: string;
  readonly avatarUrl?: string;
}

export async function registerAuthor(handler: CommandHandler, command: RegisterAuthor, context: CommandContext = commandContext()): Promise<CommandResult> {
  const authorId = command.authorId ?? randomUUID();
  const registered: AuthorRegistered = {
    type: 'AuthorRegistered',
    data: {
      authorId,
      name: trimmed('name', command.name),
      avatarUrl: command.avatarUrl === undefined ? '' : httpUrl(command.avatarUrl),
      registeredAt: new Date().toISOString(),
    },
  };
  const receipt = await handler.handle(authorStream(authorId), author, (state) => (state.registered ? exists('author', authorId) : [registered]), context);
  return { id: authorId, receipt };
}

function httpUrl(value: string): string {
  const text = trimmed('avatarUrl', value);
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw new InvalidCommandError('avatarUrl', 'must be an http(s) URL');
  return text;
}
