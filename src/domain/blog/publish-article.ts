import { randomUUID } from 'node:crypto';
import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { RuleViolationError } from '../../core/domain-errors.js';
import { exists } from '../exists.js';
import { trimmed } from '../rules.js';
import { article } from './article.js';
import { author } from './author.js';
import { articleStream, authorStream, type ArticlePublished } from './blog-events.js';

export interface PublishArticle {
  /** Chosen by the caller (the API derives it from an idempotency key); new when absent. */
  readonly articleId?: string;
  readonly authorId: string;
  readonly title: string;
  readonly content: string;
  readonly tags?: readonly string[];
}

export const TITLE_MIN_LENGTH = 10;
export const CONTENT_MIN_LENGTH = 100;
const MAX_TAGS = 20;

/** Exercise 2 of the seed, with its validations: a title of 10 characters, content of 100. */
export async function publishArticle(handler: CommandHandler, command: PublishArticle, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { authorId } = command;
  const title = trimmed('title', command.title);
  const content = trimmed('content', command.content);
  const tags = cleanTags(command.tags ?? []);
  if (title.length < TITLE_MIN_LENGTH) {
    throw new RuleViolationError('article.title-min-length', `the title must be at least ${TITLE_MIN_LENGTH} characters`);
  }
  if (content.length < CONTENT_MIN_LENGTH) {
    throw new RuleViolationError('article.content-min-length', `the content must be at least ${CONTENT_MIN_LENGTH} characters`);
  }
  const { state: writer } = await handler.load(authorStream(authorId), author);
  if (!writer.registered) throw new RuleViolationError('article.author-must-exist', `author ${authorId} does not exist`);
  const articleId = command.articleId ?? randomUUID();
  const published: ArticlePublished = {
    type: 'ArticlePublished',
    data: {
      articleId,
      authorId,
      authorName: writer.name,
      authorAvatar: writer.avatarUrl,
      title,
      content,
      tags,
      publishedAt: new Date().toISOString(),
    },
  };
  const receipt = await handler.handle(articleStream(articleId), article, (state) => (state.published ? exists('article', articleId) : [published]), context);
  return { id: articleId, receipt };
}

/** Tags are trimmed, lower-cased and de-duplicated, so that filtering by tag is exact. */
function cleanTags(tags: readonly string[]): string[] {
  const clean = tags.map((tag, index) => trimmed(`tags[${index}]`, tag).toLowerCase());
  const unique = [...new Set(clean)];
  if (unique.length > MAX_TAGS) throw new RuleViolationError('article.tags-at-most-20', `an article has at most ${MAX_TAGS} tags`);
  return unique;
}
