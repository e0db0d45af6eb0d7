import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { InvalidCommandError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireText } from '../rules.js';
import { author } from './author.js';
import { authorStream, type AuthorRegistered } from './blog-events.js';

export interface RegisterAuthor {
  readonly name: string;
  readonly avatarUrl?: string;
}

export async function registerAuthor(handler: CommandHandler, command: RegisterAuthor, context: CommandContext): Promise<Accepted> {
  const name = requireText('name', command.name, 200);
  const avatarUrl = command.avatarUrl === undefined ? '' : requireUrl(command.avatarUrl);
  const authorId = randomUUID();
  const registered: AuthorRegistered = {
    type: 'AuthorRegistered',
    data: { authorId, name, avatarUrl, registeredAt: new Date().toISOString() },
  };
  const outcome = await handler.handle(authorStream(authorId), author, () => [registered], context);
  return accepted(authorId, outcome);
}

function requireUrl(value: unknown): string {
  const text = requireText('avatarUrl', value, 2_000);
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw new InvalidCommandError('avatarUrl', 'must be an http(s) URL');
  return text;
}
