import type { RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { Projection } from '../src/core/projections/projection.js';
import type { ArticleLiked, ArticlePublished } from '../src/domain/blog/blog-events.js';

export const articleList = collection('articles');

export const EXCERPT_LENGTH = 200;

/** Exercise 2, read model 1: the list of articles, with a 200-character excerpt, newest first. */
export const ArticleListView: Projection = {
  name: 'ArticleListView',
  version: 1,
  target: { kind: 'documents', collections: { articles: { indexes: [{ fields: ['publishedAt'] }] } } },
  handlers: {
    ArticlePublished: ({ data }: RecordedEvent<ArticlePublished['data']>) =>
      articleList.put(data.articleId, {
        articleId: data.articleId,
        title: data.title,
        authorId: data.authorId,
        authorName: data.authorName,
        authorAvatar: data.authorAvatar,
        excerpt: data.content.slice(0, EXCERPT_LENGTH),
        tags: data.tags,
        likeCount: 0,
        publishedAt: data.publishedAt,
      }),
    ArticleLiked: ({ data }: RecordedEvent<ArticleLiked['data']>) => articleList.increment(data.articleId, { likeCount: 1 }),
  },
};
