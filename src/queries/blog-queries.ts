import type { JsonObject } from '../core/events.js';
import type { DocumentPage, DocumentQueries } from '../core/ports/document-queries.js';
import type { LiveGenerations } from '../core/projections/live-generations.js';
import { ArticleDetailView } from '../../projections/article-detail-view.js';
import { ArticleListView } from '../../projections/article-list-view.js';
import { AuthorStatsView } from '../../projections/author-stats-view.js';
import { query, type Query } from './query.js';

/** Reads of the blog's three read models (exercise 2), each from its own projection. */
export class BlogQueries {
  /** Newest first; with tags, the articles carrying any of them. */
  readonly articles: Query<[filter: { tags: readonly string[]; limit: number; offset: number }], DocumentPage>;
  readonly article: Query<[articleId: string], JsonObject | undefined>;
  readonly authorStats: Query<[authorId: string], JsonObject | undefined>;

  constructor(documents: DocumentQueries, live: LiveGenerations) {
    this.articles = query([ArticleListView], async (filter) =>
      documents.find(await live.of(ArticleListView), 'articles', {
        where: filter.tags.length > 0 ? [{ field: 'tags', op: 'containsAny', values: filter.tags }] : [],
        orderBy: [{ field: 'publishedAt', direction: 'desc' }],
        limit: filter.limit,
        offset: filter.offset,
      }),
    );
    this.article = query([ArticleDetailView], async (articleId) => documents.get(await live.of(ArticleDetailView), 'articles', articleId));
    this.authorStats = query([AuthorStatsView], async (authorId) => documents.get(await live.of(AuthorStatsView), 'authors', authorId));
  }
}
