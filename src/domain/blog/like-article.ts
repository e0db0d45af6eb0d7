import type { CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { NotFoundError, RuleViolationError } from '../../core/domain-errors.js';
import { accepted, type Accepted } from '../accepted.js';
import { requireId } from '../rules.js';
import { article } from './article.js';
import { articleStream, type ArticleLiked } from './blog-events.js';

export interface LikeArticle {
  readonly articleId: string;
  readonly userId: string;
}

/** A user likes an article once. Safe to retry on a concurrent like: the check runs again. */
export async function likeArticle(handler: CommandHandler, command: LikeArticle, context: CommandContext): Promise<Accepted> {
  const articleId = requireId('articleId', command.articleId);
  const userId = requireId('userId', command.userId);
  const outcome = await handler.handle(
    articleStream(articleId),
    article,
    (state): ArticleLiked[] => {
      if (!state.published) throw new NotFoundError('article', articleId);
      if (state.likedBy.has(userId)) throw new RuleViolationError('article.like-once-per-user', `user ${userId} already liked article ${articleId}`);
      return [{ type: 'ArticleLiked', data: { articleId, userId, likedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return accepted(articleId, outcome);
}
