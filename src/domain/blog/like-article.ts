import { commandContext, type CommandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { CommandResult } from '../../core/commands/command-result.js';
import { NotFoundError, RuleViolationError } from '../../core/domain-errors.js';
import { articleLike } from './article-like.js';
import { article } from './article.js';
import { articleLikeStream, articleStream, type ArticleLiked } from './blog-events.js';

export interface LikeArticle {
  readonly articleId: string;
  readonly userId: string;
}

/**
 * A user likes an article once. The like goes to the user's own like stream of that article,
 * so any number of users may like it at the same moment; the same user twice (even from two
 * processes at once) gets the rule, because only one append at `no_stream` can win.
 */
export async function likeArticle(handler: CommandHandler, command: LikeArticle, context: CommandContext = commandContext()): Promise<CommandResult> {
  const { articleId, userId } = command;
  const { state: liked } = await handler.load(articleStream(articleId), article);
  if (!liked.published) throw new NotFoundError('article', articleId);
  const receipt = await handler.handle(
    articleLikeStream(articleId, userId),
    articleLike,
    (state): ArticleLiked[] => {
      if (state.liked) throw new RuleViolationError('article.like-once-per-user', `user ${userId} already liked article ${articleId}`);
      return [{ type: 'ArticleLiked', data: { articleId, userId, likedAt: new Date().toISOString() } }];
    },
    context,
    { retryOnConflict: true },
  );
  return { id: articleId, receipt };
}
