import type { RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { Projection } from '../src/core/projections/projection.js';
import type { ArticleLiked, ArticlePublished } from '../src/domain/blog/blog-events.js';

export const articleDetails = collection('articles');

/** Exercise 2, read model 2: one article, with its full content. */
export const ArticleDetailView: Projection = {
  name: 'ArticleDetailView',
  version: 1,
  target: { kind: 'documents', collections: { articles: {} } },
  handlers: {
    ArticlePublished: ({ data }: RecordedEvent<ArticlePublished['data']>) =>
      articleDetails.put(data.articleId, {
        articleId: data.articleId,
        title: data.title,
        content: data.content,
        authorId: data.authorId,
        authorName: data.authorName,
        authorAvatar: data.authorAvatar,
        tags: data.tags,
        likeCount: 0,
        publishedAt: data.publishedAt,
      }),
    ArticleLiked: ({ data }: RecordedEvent<ArticleLiked['data']>) => articleDetails.increment(data.articleId, { likeCount: 1 }),
  },
};
