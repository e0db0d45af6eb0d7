import type { DomainEvent } from '../../core/commands/aggregate.js';
import { streamPart } from '../stream-part.js';

export type AuthorRegistered = DomainEvent<
  'AuthorRegistered',
  { authorId: string; name: string; avatarUrl: string; registeredAt: string }
>;

/** Carries the author's name and avatar as they were, as in the seed's exercise 2. */
export type ArticlePublished = DomainEvent<
  'ArticlePublished',
  {
    articleId: string;
    authorId: string;
    authorName: string;
    authorAvatar: string;
    title: string;
    content: string;
    tags: string[];
    publishedAt: string;
  }
>;

export type ArticleLiked = DomainEvent<'ArticleLiked', { articleId: string; userId: string; likedAt: string }>;

export type BlogEvent = AuthorRegistered | ArticlePublished | ArticleLiked;

export const authorStream = (authorId: string) => `author-${authorId}`;
export const articleStream = (articleId: string) => `article-${articleId}`;

/**
 * One stream per article and user: a like is appended there at `no_stream`, so the once-per-user
 * rule costs one short read whatever the article's popularity, and likes by different users never
 * contend. The parts are percent-encoded, so that no two pairs share a stream.
 */
export const articleLikeStream = (articleId: string, userId: string) => `articleLike-${streamPart('articleId', articleId)}:${streamPart('userId', userId)}`;
