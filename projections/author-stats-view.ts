import type { JsonObject, RecordedEvent } from '../src/core/events.js';
import { collection } from '../src/core/projections/document-operations.js';
import type { HandlerContext, Projection } from '../src/core/projections/projection.js';
import type { ArticleLiked, ArticlePublished, AuthorRegistered } from '../src/domain/blog/blog-events.js';

export const authorStats = collection('authors');
/** A like names only its article: this projection remembers whose article it is. */
const articleAuthors = collection('articleAuthors');

interface Stats extends JsonObject {
  authorId: string;
  name: string;
  totalArticles: number;
  totalLikes: number;
  averageLikesPerArticle: number;
  lastPublishedAt: string | null;
}

const empty = (authorId: string, name = ''): Stats => ({
  authorId,
  name,
  totalArticles: 0,
  totalLikes: 0,
  averageLikesPerArticle: 0,
  lastPublishedAt: null,
});

const withAverage = (stats: Stats): Stats => ({
  ...stats,
  averageLikesPerArticle: stats.totalArticles === 0 ? 0 : Math.round((stats.totalLikes / stats.totalArticles) * 100) / 100,
});

async function statsOf(context: HandlerContext, authorId: string): Promise<Stats> {
  return ((await context.get('authors', authorId)) as Stats | undefined) ?? empty(authorId);
}

/** Exercise 2, read model 3: an author's dashboard. */
export const AuthorStatsView: Projection = {
  name: 'AuthorStatsView',
  version: 1,
  target: { kind: 'documents', collections: { authors: {}, articleAuthors: {} } },
  handlers: {
    AuthorRegistered: ({ data }: RecordedEvent<AuthorRegistered['data']>) => authorStats.put(data.authorId, empty(data.authorId, data.name)),
    ArticlePublished: async ({ data }: RecordedEvent<ArticlePublished['data']>, context) => {
      const stats = await statsOf(context, data.authorId);
      const last = stats.lastPublishedAt && stats.lastPublishedAt > data.publishedAt ? stats.lastPublishedAt : data.publishedAt;
      return [
        articleAuthors.put(data.articleId, { authorId: data.authorId }),
        authorStats.put(data.authorId, withAverage({ ...stats, totalArticles: stats.totalArticles + 1, lastPublishedAt: last })),
      ];
    },
    ArticleLiked: async ({ data }: RecordedEvent<ArticleLiked['data']>, context) => {
      const link = await context.get('articleAuthors', data.articleId);
      if (!link) throw new Error(`article ${data.articleId} was liked before it was published`);
      const stats = await statsOf(context, String(link.authorId));
      return authorStats.put(stats.authorId, withAverage({ ...stats, totalLikes: stats.totalLikes + 1 }));
    },
  },
};
